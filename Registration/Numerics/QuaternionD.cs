using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Numerics;

/// <summary>Double-precision unit-quaternion helpers (scalar first, w, x, y, z) for registration and filtering.</summary>
public static class QuaternionD
{
    /// <summary>The rotation matrix of the quaternion (w, x, y, z), normalised here.</summary>
    public static Matrix3d ToMatrix(double w, double x, double y, double z)
    {
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
        w /= n; x /= n; y /= n; z /= n;
        return new Matrix3d(
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y));
    }

    /// <summary>The unit quaternion (w, x, y, z) of a rotation matrix, with w ≥ 0 (Shepperd's method).</summary>
    public static (double W, double X, double Y, double Z) FromMatrix(Matrix3d m)
    {
        double trace = m.M11 + m.M22 + m.M33;
        double w, x, y, z;
        if (trace > 0)
        {
            double s = Math.Sqrt(trace + 1) * 2;
            w = 0.25 * s; x = (m.M32 - m.M23) / s; y = (m.M13 - m.M31) / s; z = (m.M21 - m.M12) / s;
        }
        else if (m.M11 > m.M22 && m.M11 > m.M33)
        {
            double s = Math.Sqrt(1 + m.M11 - m.M22 - m.M33) * 2;
            w = (m.M32 - m.M23) / s; x = 0.25 * s; y = (m.M12 + m.M21) / s; z = (m.M13 + m.M31) / s;
        }
        else if (m.M22 > m.M33)
        {
            double s = Math.Sqrt(1 + m.M22 - m.M11 - m.M33) * 2;
            w = (m.M13 - m.M31) / s; x = (m.M12 + m.M21) / s; y = 0.25 * s; z = (m.M23 + m.M32) / s;
        }
        else
        {
            double s = Math.Sqrt(1 + m.M33 - m.M11 - m.M22) * 2;
            w = (m.M21 - m.M12) / s; x = (m.M13 + m.M31) / s; y = (m.M23 + m.M32) / s; z = 0.25 * s;
        }

        double n = Math.Sqrt(w * w + x * x + y * y + z * z) * (w < 0 ? -1 : 1);
        return (w / n, x / n, y / n, z / n);
    }

    /// <summary>The rotation of <paramref name="rotationVectorRad"/> (axis times angle in radians, as OpenCV's rvec).</summary>
    public static Matrix3d FromRotationVector(Vector3d rotationVectorRad)
    {
        double angle = rotationVectorRad.Length;
        return angle < 1e-15 ? Matrix3d.Identity : Matrix3d.FromAxisAngle(rotationVectorRad / angle, angle);
    }

    /// <summary>The rotation vector (axis times angle in radians, angle in [0, π]) of a rotation matrix.</summary>
    public static Vector3d ToRotationVector(Matrix3d m)
    {
        (double w, double x, double y, double z) = FromMatrix(m);
        double sinHalf = Math.Sqrt(x * x + y * y + z * z);
        if (sinHalf < 1e-15)
        {
            return Vector3d.Zero;
        }

        double angle = 2 * Math.Atan2(sinHalf, w);
        return new Vector3d(x, y, z) * (angle / sinHalf);
    }

    /// <summary>The angle between two rotations, in degrees (0 to 180).</summary>
    public static double AngleBetweenDeg(Matrix3d a, Matrix3d b) => (a.Transpose() * b).RotationAngleDeg();
}
