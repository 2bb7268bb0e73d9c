using System.Numerics;

namespace ArSpine.Core.Geometry;

/// <summary>
/// A proper rigid motion (rotation, then translation in millimetres), in double precision.
/// Name instances by their frames, <c>AFromB</c>: it maps points given in frame B to frame A, and
/// <c>AFromC = AFromB * BFromC</c>.
/// </summary>
public readonly struct RigidTransform : IEquatable<RigidTransform>
{
    /// <summary>Creates a transform from a rotation matrix and a translation in mm; throws unless the matrix is a proper rotation.</summary>
    public RigidTransform(Matrix3d rotation, Vector3d translationMm)
    {
        if (!rotation.IsRotation(1e-6))
        {
            throw new ArgumentException($"Expected a proper rotation matrix (orthonormal, determinant +1). Was {rotation} with determinant {rotation.Determinant:0.######}.", nameof(rotation));
        }

        if (!translationMm.IsFinite)
        {
            throw new ArgumentException($"Expected a finite translation in mm. Was {translationMm}.", nameof(translationMm));
        }

        Rotation = rotation;
        TranslationMm = translationMm;
    }

    /// <summary>The identity. Use this, never <c>default(RigidTransform)</c>, whose rotation is the zero matrix.</summary>
    public static RigidTransform Identity => new(Matrix3d.Identity, Vector3d.Zero);

    /// <summary>The rotation part.</summary>
    public Matrix3d Rotation { get; }

    /// <summary>The translation part, in mm: where the origin of the source frame lands in the target frame.</summary>
    public Vector3d TranslationMm { get; }

    /// <summary>A pure translation, in mm.</summary>
    public static RigidTransform FromTranslation(Vector3d translationMm) => new(Matrix3d.Identity, translationMm);

    /// <summary>A rotation of <paramref name="angleDeg"/> degrees about <paramref name="axis"/> through the origin, then a translation in mm.</summary>
    public static RigidTransform FromAxisAngle(Vector3d axis, double angleDeg, Vector3d translationMm) =>
        new(Matrix3d.FromAxisAngle(axis, angleDeg * Math.PI / 180), translationMm);

    /// <summary>Maps a point given in the source frame to the target frame (rotation, then translation).</summary>
    public Vector3d Apply(Vector3d point) => Rotation * point + TranslationMm;

    /// <summary>Maps a direction (rotation only).</summary>
    public Vector3d ApplyToDirection(Vector3d direction) => Rotation * direction;

    /// <summary>The inverse: for <c>AFromB</c>, returns <c>BFromA</c>.</summary>
    public RigidTransform Inverse()
    {
        Matrix3d inverseRotation = Rotation.Transpose();
        return new RigidTransform(inverseRotation, -(inverseRotation * TranslationMm));
    }

    /// <summary>Composition: <c>AFromB * BFromC = AFromC</c> (apply the right operand first).</summary>
    public static RigidTransform operator *(RigidTransform aFromB, RigidTransform bFromC) =>
        new(aFromB.Rotation * bFromC.Rotation, aFromB.Rotation * bFromC.TranslationMm + aFromB.TranslationMm);

    /// <summary>
    /// This transform as a System.Numerics matrix, in mm. System.Numerics uses row vectors
    /// (<c>Vector3.Transform(p, M)</c> computes <c>p M</c>), so the rotation appears transposed and the
    /// translation sits in M41..M43; consequently <c>(AFromB * BFromC).ToMatrix4x4() == BFromC.ToMatrix4x4() * AFromB.ToMatrix4x4()</c>.
    /// </summary>
    public Matrix4x4 ToMatrix4x4()
    {
        Matrix3d r = Rotation;
        Vector3d t = TranslationMm;
        return new Matrix4x4(
            (float)r.M11, (float)r.M21, (float)r.M31, 0,
            (float)r.M12, (float)r.M22, (float)r.M32, 0,
            (float)r.M13, (float)r.M23, (float)r.M33, 0,
            (float)t.X, (float)t.Y, (float)t.Z, 1);
    }

    /// <summary>
    /// The rigid transform of a System.Numerics matrix (row-vector convention, translation in M41..M43, in mm).
    /// Throws when the matrix holds scale, shear, reflection or projection beyond single-precision round-off.
    /// </summary>
    public static RigidTransform FromMatrix4x4(Matrix4x4 m)
    {
        if (Math.Abs(m.M14) > 1e-6 || Math.Abs(m.M24) > 1e-6 || Math.Abs(m.M34) > 1e-6 || Math.Abs(m.M44 - 1) > 1e-6)
        {
            throw new ArgumentException($"Expected an affine matrix with last column (0, 0, 0, 1). Was ({m.M14}, {m.M24}, {m.M34}, {m.M44}).", nameof(m));
        }

        var rotation = new Matrix3d(m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, m.M13, m.M23, m.M33);
        if (!rotation.IsRotation(1e-5))
        {
            throw new ArgumentException($"Expected a rotation (orthonormal, determinant +1) in the upper 3x3. Was determinant {rotation.Determinant:0.######}.", nameof(m));
        }

        return new RigidTransform(rotation.Orthonormalized(), new Vector3d(m.M41, m.M42, m.M43));
    }

    /// <summary>
    /// This transform as a pose for the headset runtime: position in metres and orientation, both single precision.
    /// The only place clinical millimetres become metres.
    /// </summary>
    public MetrePose ToMetrePose() => new(
        new Vector3((float)(TranslationMm.X / 1000), (float)(TranslationMm.Y / 1000), (float)(TranslationMm.Z / 1000)),
        Rotation.ToQuaternion());

    /// <summary>The rigid transform of a headset pose (metres) in millimetres.</summary>
    public static RigidTransform FromMetrePose(MetrePose pose) =>
        new(Matrix3d.FromQuaternion(pose.Orientation), new Vector3d(pose.PositionM.X * 1000.0, pose.PositionM.Y * 1000.0, pose.PositionM.Z * 1000.0));

    /// <summary>The angle of the rotation part, in degrees.</summary>
    public double RotationAngleDeg => Rotation.RotationAngleDeg();

    /// <inheritdoc/>
    public bool Equals(RigidTransform other) => Rotation.Equals(other.Rotation) && TranslationMm.Equals(other.TranslationMm);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RigidTransform other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Rotation, TranslationMm);

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"RigidTransform(rotation {RotationAngleDeg:0.###}°, translation {TranslationMm} mm)");
}
