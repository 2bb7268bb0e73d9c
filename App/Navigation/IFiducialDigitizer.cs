using ArSpine.App.Simulation;
using ArSpine.Core.Cases;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Navigation;

/// <summary>The tracked pointer with which the surgeon touches the case's fiducials: each touch is measured in the Marker frame.</summary>
public interface IFiducialDigitizer
{
    /// <summary>What the user sees ("Simulated pointer", "OpenIGTLink pointer").</summary>
    string Name { get; }

    /// <summary>Measures the pointer's tip as the user touches <paramref name="fiducial"/>, Marker mm; null when the pointer or marker is not seen now.</summary>
    Vector3d? Touch(CaseFiducial fiducial);
}

/// <summary>The simulated room's pointer: touches the fiducial's true position with the seeded localisation error.</summary>
public sealed class SimulatedDigitizer(SimulatedPointer pointer) : IFiducialDigitizer
{
    /// <inheritdoc/>
    public string Name => $"Simulated pointer (FLE {pointer.FleMm:0.0} mm)";

    /// <inheritdoc/>
    public Vector3d? Touch(CaseFiducial fiducial) => pointer.Touch(fiducial.PositionCt);
}

/// <summary>An OpenIGTLink pointer: the tip where the tracker last saw it, relative to the marker.</summary>
public sealed class OpenIgtlDigitizer(OpenIgtlPoseSource source) : IFiducialDigitizer
{
    /// <inheritdoc/>
    public string Name => $"OpenIGTLink pointer ({source.PointerDevice})";

    /// <inheritdoc/>
    public Vector3d? Touch(CaseFiducial fiducial) => source.PointerTipInMarker();
}
