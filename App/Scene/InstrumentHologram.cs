using System.Numerics;

namespace ArSpine.App.Scene;

/// <summary>
/// The tracked instrument (a pedicle probe) as a hologram: a handle, a shaft and a fine tip along its axis, with a ring at the
/// tip. Made once by <see cref="CaseScene.Upload"/>; <see cref="Draw"/> allocates nothing.
/// </summary>
public sealed class InstrumentHologram
{
    /// <summary>Colour of the probe while tracking.</summary>
    public static readonly RgbaColor ProbeColor = new(0.75f, 0.80f, 0.85f);

    /// <summary>Colour of the tip ring while tracking.</summary>
    public static readonly RgbaColor TipColor = new(0.10f, 0.95f, 0.35f);

    private readonly MeshHandle ring;

    internal InstrumentHologram(MeshHandle unitRing) => ring = unitRing;

    /// <summary>Length of the shaft and tip together, mm (the handle is behind them).</summary>
    public float ShaftLengthMm { get; init; } = 150;

    /// <summary>Diameter of the shaft, mm.</summary>
    public float ShaftDiameterMm { get; init; } = 3;

    /// <summary>Length of the fine tip, mm.</summary>
    public float TipLengthMm { get; init; } = 8;

    /// <summary>
    /// Queues the probe with its tip at <paramref name="tipWorldMm"/> pointing along <paramref name="axisWorld"/> (unit, from the
    /// handle toward the tip), World mm, its shaft in <paramref name="shaftColor"/> (a guidance band's colour) or
    /// <see cref="ProbeColor"/>. In the not-tracking look it is drawn in thin grey and red lines only. Five draws at most.
    /// </summary>
    public void Draw(IHologramPort port, Vector3 tipWorldMm, Vector3 axisWorld, OverlayLook look, RgbaColor? shaftColor = null)
    {
        ArgumentNullException.ThrowIfNull(port);
        Vector3 tipStart = tipWorldMm - axisWorld * TipLengthMm;
        Vector3 shaftStart = tipWorldMm - axisWorld * ShaftLengthMm;
        Vector3 handleStart = shaftStart - axisWorld * 90;
        if (look == OverlayLook.NotTracking)
        {
            port.DrawLine(handleStart, tipStart, 1, CaseScene.NotTrackingGrey);
            port.DrawLine(tipStart, tipWorldMm, 1, CaseScene.NotTrackingColor);
            return;
        }

        port.DrawCylinder(handleStart, shaftStart, 14, new RgbaColor(0.35f, 0.38f, 0.42f));
        RgbaColor shaft = shaftColor ?? ProbeColor;
        port.DrawCylinder(shaftStart, tipStart, ShaftDiameterMm, shaft);
        port.DrawCylinder(tipStart, tipWorldMm, ShaftDiameterMm / 2, shaft);
        port.DrawMesh(ring, ScrewMarks.WorldFromUnitRing(tipWorldMm, axisWorld, 5), TipColor);
    }
}
