using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Hosts.StereoKit;

using global::StereoKit;

/// <summary>
/// The StereoKit side of <see cref="XrUnits"/>: its value types and ours. StereoKit's <c>Vec3</c>, <c>Quat</c> and <c>Matrix</c>
/// wrap System.Numerics' types, so these are copies, no arithmetic; all unit and frame arithmetic stays in <see cref="XrUnits"/>
/// and <see cref="XrWorldFrame"/>, which the tests cover. Allocates nothing.
/// </summary>
internal static class SkConvert
{
    /// <summary>A StereoKit pose (metres) as a headset pose; a zero quaternion (StereoKit's <c>default(Pose)</c>) reads as identity.</summary>
    public static MetrePose ToMetrePose(this Pose pose)
    {
        Quaternion q = pose.orientation.q;
        return new MetrePose(pose.position.v, q == default ? Quaternion.Identity : q);
    }

    /// <summary>A headset pose as StereoKit's pose.</summary>
    public static Pose ToSk(this MetrePose pose) => new(pose.PositionM, pose.Orientation);

    /// <summary>A System.Numerics matrix as StereoKit's (the same row-vector matrix).</summary>
    public static Matrix ToSk(this Matrix4x4 matrix) => new(matrix);

    /// <summary>A System.Numerics vector as StereoKit's (no unit change).</summary>
    public static Vec3 ToSk(this Vector3 vector) => new(vector.X, vector.Y, vector.Z);

    /// <summary>
    /// An app colour (written to the frame as-is, like the desktop host) as the linear colour StereoKit's mesh and text tints take,
    /// so the headset's sRGB output shows the same values.
    /// </summary>
    public static Color ToSkLinear(this RgbaColor color) => new Color(color.R, color.G, color.B, color.A).ToLinear();

    /// <summary>An app colour as StereoKit's gamma (as-is) colour, for UI tints and text styles.</summary>
    public static Color ToSkGamma(this RgbaColor color) => new(color.R, color.G, color.B, color.A);

    /// <summary>An app colour as 8-bit gamma channels, for <c>Lines.Add</c>.</summary>
    public static Color32 ToSk32(this RgbaColor color) =>
        new(RgbaColor.ToByte(color.R), RgbaColor.ToByte(color.G), RgbaColor.ToByte(color.B), RgbaColor.ToByte(color.A));

    /// <summary>Our text alignment as StereoKit's position of the text's box relative to its anchor.</summary>
    public static TextAlign ToSk(this TextAlignment alignment) => alignment switch
    {
        TextAlignment.Left => TextAlign.CenterLeft,
        TextAlignment.Right => TextAlign.CenterRight,
        _ => TextAlign.Center,
    };
}
