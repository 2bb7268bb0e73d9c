using ArSpine.Core.Geometry;

namespace ArSpine.App.Navigation;

/// <summary>
/// A frame source that also tracks the surgical instrument itself (an external tracker's stylus or probe): Navigate's guidance then
/// measures that instrument, not the hand's ray.
/// </summary>
public interface IInstrumentTracker
{
    /// <summary>What the user sees as the instrument's name ("OpenIGTLink StylusTipToTracker").</summary>
    string InstrumentName { get; }

    /// <summary>
    /// The instrument's tip (World mm) and unit axis from the handle toward the tip (World) as last seen; false when it has not been
    /// seen recently enough to guide by (the source's staleness limit). Thread-safe; allocates nothing.
    /// </summary>
    bool TryInstrument(out Vector3d tipWorldMm, out Vector3d axisWorld);
}
