namespace ArSpine.Core.Geometry;

/// <summary>
/// A general affine map <c>y = Linear x + TranslationMm</c> in double precision, such as <c>CtFromVoxel</c>
/// (voxel indices to LPS mm, with the voxel spacing in its columns). Named <c>AFromB</c> like <see cref="RigidTransform"/>.
/// </summary>
public readonly record struct AffineTransform(Matrix3d Linear, Vector3d TranslationMm)
{
    /// <summary>The identity.</summary>
    public static AffineTransform Identity => new(Matrix3d.Identity, Vector3d.Zero);

    /// <summary>Maps a point.</summary>
    public Vector3d Apply(Vector3d point) => Linear * point + TranslationMm;

    /// <summary>Maps a direction (no translation).</summary>
    public Vector3d ApplyToDirection(Vector3d direction) => Linear * direction;

    /// <summary>The inverse; throws for a singular map.</summary>
    public AffineTransform Inverse()
    {
        Matrix3d inverse = Linear.Inverse();
        return new AffineTransform(inverse, -(inverse * TranslationMm));
    }

    /// <summary>Composition: <c>AFromB * BFromC = AFromC</c>.</summary>
    public static AffineTransform operator *(AffineTransform aFromB, AffineTransform bFromC) =>
        new(aFromB.Linear * bFromC.Linear, aFromB.Linear * bFromC.TranslationMm + aFromB.TranslationMm);

    /// <summary>The rigid transform as an affine map.</summary>
    public static AffineTransform From(RigidTransform rigid) => new(rigid.Rotation, rigid.TranslationMm);

    /// <summary>The 4x4 matrix, row-major, for column vectors (<c>[R t; 0 0 0 1]</c>), as NIfTI's sform and DICOM write it.</summary>
    public double[,] ToRowMajor4x4()
    {
        Matrix3d m = Linear;
        Vector3d t = TranslationMm;
        return new double[,]
        {
            { m.M11, m.M12, m.M13, t.X },
            { m.M21, m.M22, m.M23, t.Y },
            { m.M31, m.M32, m.M33, t.Z },
            { 0, 0, 0, 1 },
        };
    }
}
