namespace ArSpine.Core.Geometry;

/// <summary>
/// The one place where the two patient coordinate conventions meet. The <c>Ct</c> frame is DICOM's LPS
/// (+X toward the patient's left, +Y posterior, +Z superior), in mm. NIfTI and 3D Slicer's world are RAS
/// (+X right, +Y anterior, +Z superior). The conversion negates X and Y and is its own inverse.
/// </summary>
public static class PatientAxes
{
    /// <summary><c>RasFromLps</c>, which is also <c>LpsFromRas</c>.</summary>
    public static AffineTransform RasFromLps => new(Matrix3d.Diagonal(-1, -1, 1), Vector3d.Zero);

    /// <summary>A point in LPS mm as RAS mm.</summary>
    public static Vector3d LpsToRas(Vector3d lps) => new(-lps.X, -lps.Y, lps.Z);

    /// <summary>A point in RAS mm as LPS mm.</summary>
    public static Vector3d RasToLps(Vector3d ras) => new(-ras.X, -ras.Y, ras.Z);

    /// <summary>An affine into LPS (such as <c>CtFromVoxel</c>) as the same affine into RAS (NIfTI's sform).</summary>
    public static AffineTransform ToRas(AffineTransform lpsFromSomething) => RasFromLps * lpsFromSomething;

    /// <summary>An affine into RAS (NIfTI's sform) as the same affine into LPS.</summary>
    public static AffineTransform ToLps(AffineTransform rasFromSomething) => RasFromLps * rasFromSomething;
}
