using System.Numerics;

namespace ArSpine.Core.Geometry;

/// <summary>A pose at the headset boundary: position in metres and a unit orientation, as StereoKit and OpenXR take them.</summary>
/// <param name="PositionM">Position in metres.</param>
/// <param name="Orientation">Unit quaternion; never <c>default(Quaternion)</c>.</param>
public readonly record struct MetrePose(Vector3 PositionM, Quaternion Orientation);
