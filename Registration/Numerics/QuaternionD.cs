using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Numerics;

/// <summary>Double-precision unit-quaternion helpers (scalar first, w, x, y, z) for registration and filtering.</summary>
public static class QuaternionD
{
    /// <summary>The unit quaternion (w, x, y, z) of a rotation matrix, with w ≥ 0 (Shepperd's method, <see cref="Matrix3d.ToQuaternionComponents"/>), normalised.</summary>
    public static (double W, double X, double Y, double Z) FromMatrix(Matrix3d m)
    {
        (double w, double x, double y, double z) = m.ToQuaternionComponents();
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
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
