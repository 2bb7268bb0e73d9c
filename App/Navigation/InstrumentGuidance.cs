using System.Numerics;

namespace ArSpine.App.Navigation;

/// <summary>How close the instrument is to its planned trajectory, as a traffic light.</summary>
public enum GuidanceBand
{
    /// <summary>Lateral offset at most <see cref="InstrumentGuidance.GreenOffsetMm"/> and angle at most <see cref="InstrumentGuidance.GreenAngleDeg"/>.</summary>
    Green,

    /// <summary>Lateral offset at most <see cref="InstrumentGuidance.AmberOffsetMm"/> and angle at most <see cref="InstrumentGuidance.AmberAngleDeg"/>, not green.</summary>
    Amber,

    /// <summary>Beyond the amber limits.</summary>
    Red,
}

/// <summary>
/// The instrument against one planned trajectory, all in one frame (World or Ct), mm and degrees. A value: computing it allocates nothing.
/// </summary>
/// <param name="TipToEntryMm">Straight distance from the tip to the planned entry point, mm.</param>
/// <param name="LateralOffsetMm">Distance of the tip from the planned line (the trajectory extended both ways), mm.</param>
/// <param name="AngleDeg">Angle between the instrument's axis and the planned direction (entry to target), degrees, 0..180.</param>
/// <param name="DepthToTargetMm">How far the tip still has to go along the planned direction to reach the target's depth, mm; negative past the target.</param>
/// <param name="DepthPastEntryMm">How far the tip is along the planned direction beyond the entry point, mm; negative before it.</param>
/// <param name="Band">The traffic light of <paramref name="LateralOffsetMm"/> and <paramref name="AngleDeg"/>.</param>
/// <param name="Valid">False for "no guidance" (<see cref="None"/>): the instrument's axis or tip, or the plan, could not be read; the figures are NaN then.</param>
public readonly record struct GuidanceReading(double TipToEntryMm, double LateralOffsetMm, double AngleDeg, double DepthToTargetMm, double DepthPastEntryMm, GuidanceBand Band, bool Valid = true)
{
    /// <summary>No guidance: every figure NaN, the band red, <see cref="Valid"/> false.</summary>
    public static GuidanceReading None => new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, GuidanceBand.Red, false);
}

/// <summary>
/// Guidance math: the instrument's tip and axis against a planned trajectory (entry → target). Pure functions on System.Numerics
/// vectors (computed in double); no allocation. The bands: green when the tip is within 2 mm of the planned line and the axis within
/// 2° of the plan, amber within 4 mm and 5°, red beyond (a common accuracy budget of navigated pedicle screw placement: the
/// Gertzbein–Robbins grade B limit is a 2 mm breach).
/// </summary>
public static class InstrumentGuidance
{
    /// <summary>Green band: lateral offset at most this, mm.</summary>
    public const double GreenOffsetMm = 2;

    /// <summary>Green band: angle at most this, degrees.</summary>
    public const double GreenAngleDeg = 2;

    /// <summary>Amber band: lateral offset at most this, mm.</summary>
    public const double AmberOffsetMm = 4;

    /// <summary>Amber band: angle at most this, degrees.</summary>
    public const double AmberAngleDeg = 5;

    /// <summary>As <see cref="Read"/>; false (the reading <see cref="GuidanceReading.None"/>) when there is no guidance.</summary>
    public static bool TryRead(Vector3 tipMm, Vector3 axis, Vector3 entryMm, Vector3 targetMm, out GuidanceReading reading)
    {
        reading = Read(tipMm, axis, entryMm, targetMm);
        return reading.Valid;
    }

    /// <summary>
    /// Reads the instrument against the trajectory. <paramref name="tipMm"/> is the tip, <paramref name="axis"/> the direction the
    /// instrument points (toward where it advances; any non-zero length), <paramref name="entryMm"/> and <paramref name="targetMm"/>
    /// the plan, all in one frame. A zero or non-finite axis (a headset's pointer ray that is not tracked gives NaN), a non-finite
    /// tip, or an entry equal to the target reads <see cref="GuidanceReading.None"/> (<see cref="GuidanceReading.Valid"/> false) rather
    /// than throwing: the frame loop shows no guidance for that frame.
    /// </summary>
    public static GuidanceReading Read(Vector3 tipMm, Vector3 axis, Vector3 entryMm, Vector3 targetMm)
    {
        double ax = axis.X, ay = axis.Y, az = axis.Z;
        double axisLength = Math.Sqrt(ax * ax + ay * ay + az * az);
        double px = (double)targetMm.X - entryMm.X, py = (double)targetMm.Y - entryMm.Y, pz = (double)targetMm.Z - entryMm.Z;
        double planLength = Math.Sqrt(px * px + py * py + pz * pz);
        if (!(axisLength > 1e-9) || !double.IsFinite(axisLength) || !(planLength > 1e-9) || !double.IsFinite(planLength) || !float.IsFinite(tipMm.X) || !float.IsFinite(tipMm.Y) || !float.IsFinite(tipMm.Z))
        {
            return GuidanceReading.None;
        }

        (ax, ay, az) = (ax / axisLength, ay / axisLength, az / axisLength);
        (px, py, pz) = (px / planLength, py / planLength, pz / planLength);
        double tx = (double)tipMm.X - entryMm.X, ty = (double)tipMm.Y - entryMm.Y, tz = (double)tipMm.Z - entryMm.Z;
        double along = tx * px + ty * py + tz * pz;
        double lateralSquared = tx * tx + ty * ty + tz * tz - along * along;
        double cos = Math.Clamp(ax * px + ay * py + az * pz, -1, 1);
        double angleDeg = Math.Acos(cos) * 180 / Math.PI;
        double lateral = Math.Sqrt(Math.Max(lateralSquared, 0));
        return new GuidanceReading(Math.Sqrt(tx * tx + ty * ty + tz * tz), lateral, angleDeg, planLength - along, along, BandOf(lateral, angleDeg));
    }

    /// <summary>The band of a lateral offset (mm) and an angle (degrees); NaN reads red.</summary>
    public static GuidanceBand BandOf(double lateralOffsetMm, double angleDeg) =>
        lateralOffsetMm <= GreenOffsetMm && angleDeg <= GreenAngleDeg ? GuidanceBand.Green
        : lateralOffsetMm <= AmberOffsetMm && angleDeg <= AmberAngleDeg ? GuidanceBand.Amber
        : GuidanceBand.Red;
}
