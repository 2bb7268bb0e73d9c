using System.Numerics;

namespace ArSpine.Core.Geometry;

/// <summary>A 3x3 matrix in double precision, row-major (<c>M12</c> is row 1, column 2), acting on column vectors: <c>y = M x</c>.</summary>
public readonly record struct Matrix3d(
    double M11, double M12, double M13,
    double M21, double M22, double M23,
    double M31, double M32, double M33)
{
    /// <summary>The identity matrix. Use this, never <c>default</c>, which is the zero matrix.</summary>
    public static Matrix3d Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>A diagonal matrix.</summary>
    public static Matrix3d Diagonal(double d1, double d2, double d3) => new(d1, 0, 0, 0, d2, 0, 0, 0, d3);

    /// <summary>The matrix whose columns are the given vectors.</summary>
    public static Matrix3d FromColumns(Vector3d c1, Vector3d c2, Vector3d c3) =>
        new(c1.X, c2.X, c3.X, c1.Y, c2.Y, c3.Y, c1.Z, c2.Z, c3.Z);

    /// <summary>Column 1, 2 or 3 (1-based, as in the element names).</summary>
    public Vector3d Column(int column) => column switch
    {
        1 => new(M11, M21, M31),
        2 => new(M12, M22, M32),
        3 => new(M13, M23, M33),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Expected 1, 2 or 3."),
    };

    /// <summary>Right-handed rotation by <paramref name="angleRad"/> radians about <paramref name="axis"/> (normalised here).</summary>
    public static Matrix3d FromAxisAngle(Vector3d axis, double angleRad)
    {
        Vector3d u = axis.Normalized();
        double c = Math.Cos(angleRad), s = Math.Sin(angleRad), t = 1 - c;
        return new(
            t * u.X * u.X + c, t * u.X * u.Y - s * u.Z, t * u.X * u.Z + s * u.Y,
            t * u.X * u.Y + s * u.Z, t * u.Y * u.Y + c, t * u.Y * u.Z - s * u.X,
            t * u.X * u.Z - s * u.Y, t * u.Y * u.Z + s * u.X, t * u.Z * u.Z + c);
    }

    /// <summary>The rotation matrix of a unit quaternion (normalised here, in double).</summary>
    public static Matrix3d FromQuaternion(Quaternion q)
    {
        if (!IsNonZeroFinite(q.W, q.X, q.Y, q.Z))
        {
            throw new ArgumentException($"Expected a non-zero, finite quaternion. Was {q}. (default(Quaternion) is all zeros: use Quaternion.Identity.)", nameof(q));
        }

        return FromQuaternion(q.W, q.X, q.Y, q.Z);
    }

    /// <summary>The rotation matrix of the quaternion (<paramref name="w"/>, <paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/>), scalar first, normalised here; throws for a zero or non-finite quaternion.</summary>
    public static Matrix3d FromQuaternion(double w, double x, double y, double z)
    {
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
        if (!(n > 0) || !double.IsFinite(n))
        {
            throw new ArgumentException(FormattableString.Invariant($"Expected a non-zero, finite quaternion. Was (w {w}, x {x}, y {y}, z {z})."), nameof(w));
        }

        w /= n; x /= n; y /= n; z /= n;
        return new(
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y));
    }

    /// <summary>The unit quaternion of this rotation matrix (Shepperd's method, in double), with W ≥ 0.</summary>
    public Quaternion ToQuaternion()
    {
        (double w, double x, double y, double z) = ToQuaternionComponents();
        return Quaternion.Normalize(new Quaternion((float)x, (float)y, (float)z, (float)w));
    }

    /// <summary>
    /// The quaternion (W, X, Y, Z), scalar first, of this rotation matrix by Shepperd's method in double, the sign
    /// chosen so that W ≥ 0. Not renormalised: of unit length to round-off for an orthonormal matrix.
    /// </summary>
    public (double W, double X, double Y, double Z) ToQuaternionComponents()
    {
        double trace = M11 + M22 + M33;
        double w, x, y, z;
        if (trace > 0)
        {
            double s = Math.Sqrt(trace + 1) * 2;
            w = 0.25 * s; x = (M32 - M23) / s; y = (M13 - M31) / s; z = (M21 - M12) / s;
        }
        else if (M11 > M22 && M11 > M33)
        {
            double s = Math.Sqrt(1 + M11 - M22 - M33) * 2;
            w = (M32 - M23) / s; x = 0.25 * s; y = (M12 + M21) / s; z = (M13 + M31) / s;
        }
        else if (M22 > M33)
        {
            double s = Math.Sqrt(1 + M22 - M11 - M33) * 2;
            w = (M13 - M31) / s; x = (M12 + M21) / s; y = 0.25 * s; z = (M23 + M32) / s;
        }
        else
        {
            double s = Math.Sqrt(1 + M33 - M11 - M22) * 2;
            w = (M21 - M12) / s; x = (M13 + M31) / s; y = (M23 + M32) / s; z = 0.25 * s;
        }

        return w < 0 ? (-w, -x, -y, -z) : (w, x, y, z);
    }

    private static bool IsNonZeroFinite(double w, double x, double y, double z)
    {
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
        return n > 0 && double.IsFinite(n);
    }

    /// <summary>The nearest rotation to this nearly orthonormal matrix by Gram–Schmidt on the columns: the first column normalised, the second made orthogonal to it, the third their cross product.</summary>
    public Matrix3d Orthonormalized()
    {
        Vector3d x = Column(1).Normalized();
        Vector3d y = (Column(2) - x * Vector3d.Dot(x, Column(2))).Normalized();
        return FromColumns(x, y, Vector3d.Cross(x, y));
    }

    /// <summary>The transpose (the inverse, for a rotation).</summary>
    public Matrix3d Transpose() => new(M11, M21, M31, M12, M22, M32, M13, M23, M33);

    /// <summary>The determinant (+1 for a rotation, −1 for a reflection).</summary>
    public double Determinant =>
        M11 * (M22 * M33 - M23 * M32) - M12 * (M21 * M33 - M23 * M31) + M13 * (M21 * M32 - M22 * M31);

    /// <summary>The inverse; throws for a singular matrix.</summary>
    public Matrix3d Inverse()
    {
        double det = Determinant;
        if (Math.Abs(det) < 1e-15 || !double.IsFinite(det))
        {
            throw new InvalidOperationException($"Cannot invert a singular 3x3 matrix (determinant {det}).");
        }

        double inv = 1 / det;
        return new(
            (M22 * M33 - M23 * M32) * inv, (M13 * M32 - M12 * M33) * inv, (M12 * M23 - M13 * M22) * inv,
            (M23 * M31 - M21 * M33) * inv, (M11 * M33 - M13 * M31) * inv, (M13 * M21 - M11 * M23) * inv,
            (M21 * M32 - M22 * M31) * inv, (M12 * M31 - M11 * M32) * inv, (M11 * M22 - M12 * M21) * inv);
    }

    /// <summary>True when the matrix is a proper rotation: orthonormal columns and determinant +1, within <paramref name="tolerance"/>.</summary>
    public bool IsRotation(double tolerance = 1e-6)
    {
        Matrix3d shouldBeIdentity = Transpose() * this;
        return Math.Abs(shouldBeIdentity.M11 - 1) < tolerance && Math.Abs(shouldBeIdentity.M22 - 1) < tolerance
            && Math.Abs(shouldBeIdentity.M33 - 1) < tolerance && Math.Abs(shouldBeIdentity.M12) < tolerance
            && Math.Abs(shouldBeIdentity.M13) < tolerance && Math.Abs(shouldBeIdentity.M23) < tolerance
            && Math.Abs(Determinant - 1) < tolerance;
    }

    /// <summary>The angle of this rotation, in degrees (0 to 180).</summary>
    public double RotationAngleDeg()
    {
        double cos = Math.Clamp((M11 + M22 + M33 - 1) / 2, -1, 1);
        return Math.Acos(cos) * 180 / Math.PI;
    }

    /// <summary>Matrix product: (a * b) x = a (b x).</summary>
    public static Matrix3d operator *(Matrix3d a, Matrix3d b) => new(
        a.M11 * b.M11 + a.M12 * b.M21 + a.M13 * b.M31, a.M11 * b.M12 + a.M12 * b.M22 + a.M13 * b.M32, a.M11 * b.M13 + a.M12 * b.M23 + a.M13 * b.M33,
        a.M21 * b.M11 + a.M22 * b.M21 + a.M23 * b.M31, a.M21 * b.M12 + a.M22 * b.M22 + a.M23 * b.M32, a.M21 * b.M13 + a.M22 * b.M23 + a.M23 * b.M33,
        a.M31 * b.M11 + a.M32 * b.M21 + a.M33 * b.M31, a.M31 * b.M12 + a.M32 * b.M22 + a.M33 * b.M32, a.M31 * b.M13 + a.M32 * b.M23 + a.M33 * b.M33);

    /// <summary>Matrix times column vector.</summary>
    public static Vector3d operator *(Matrix3d m, Vector3d v) => new(
        m.M11 * v.X + m.M12 * v.Y + m.M13 * v.Z,
        m.M21 * v.X + m.M22 * v.Y + m.M23 * v.Z,
        m.M31 * v.X + m.M32 * v.Y + m.M33 * v.Z);
}
