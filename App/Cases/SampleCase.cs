using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Cases;

/// <summary>
/// The bundled sample case: the synthetic lumbar phantom (L1–L5 and sacrum) with a mild lordosis and a little axial rotation,
/// generated deterministically on first use (a few seconds) rather than stored as 30 MB of DICOM.
/// </summary>
public static class SampleCase
{
    /// <summary>Where <c>./arspine demo</c> keeps the sample case, relative to the working folder.</summary>
    public const string DefaultFolder = "out/sample-case";

    /// <summary>Screw diameter used for the ideal trajectories of the sample case, mm.</summary>
    public const double ScrewDiameterMm = 6.5;

    /// <summary>The phantom parameters of the sample case.</summary>
    public static PhantomParameters Parameters { get; } = new()
    {
        Seed = 1,
        LevelIds = VertebraLevels.ParseRange("L1-L5"),
        CurveDeg = 12,
        CurvePlane = CurvePlane.Sagittal,
        RotationDeg = 6,
    };
}
