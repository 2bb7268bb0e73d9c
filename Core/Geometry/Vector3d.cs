using System.Numerics;

namespace ArSpine.Core.Geometry;

/// <summary>A point or direction in double precision; in clinical code its unit is millimetres and its frame is in the variable's name.</summary>
public readonly record struct Vector3d(double X, double Y, double Z)
{
    /// <summary>The origin (0, 0, 0).</summary>
    public static Vector3d Zero => default;

    /// <summary>Unit vector along +X.</summary>
    public static Vector3d UnitX => new(1, 0, 0);

    /// <summary>Unit vector along +Y.</summary>
    public static Vector3d UnitY => new(0, 1, 0);

    /// <summary>Unit vector along +Z.</summary>
    public static Vector3d UnitZ => new(0, 0, 1);

    /// <summary>Euclidean length, in the vector's unit.</summary>
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    /// <summary>Squared Euclidean length.</summary>
    public double LengthSquared => X * X + Y * Y + Z * Z;

    /// <summary>True when every component is finite (no NaN, no infinity).</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    /// <summary>The component by index 0, 1 or 2.</summary>
    public double this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Expected 0, 1 or 2."),
    };

    /// <summary>This vector scaled to length 1; throws for a zero or non-finite vector.</summary>
    public Vector3d Normalized()
    {
        double length = Length;
        if (!(length > 0) || !double.IsFinite(length))
        {
            throw new InvalidOperationException($"Cannot normalise the vector {this}: its length is {length}.");
        }

        return this / length;
    }

    /// <summary>Dot product.</summary>
    public static double Dot(Vector3d a, Vector3d b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    /// <summary>Right-handed cross product a × b.</summary>
    public static Vector3d Cross(Vector3d a, Vector3d b) =>
        new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    /// <summary>Distance between two points.</summary>
    public static double Distance(Vector3d a, Vector3d b) => (a - b).Length;

    /// <summary>Linear interpolation: a at t = 0, b at t = 1.</summary>
    public static Vector3d Lerp(Vector3d a, Vector3d b, double t) => a + (b - a) * t;

    /// <summary>Single-precision copy, for rendering and other host boundaries.</summary>
    public Vector3 ToVector3() => new((float)X, (float)Y, (float)Z);

    /// <summary>Double-precision copy of a single-precision vector.</summary>
    public static Vector3d From(Vector3 v) => new(v.X, v.Y, v.Z);

    /// <summary>Sum.</summary>
    public static Vector3d operator +(Vector3d a, Vector3d b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Difference.</summary>
    public static Vector3d operator -(Vector3d a, Vector3d b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    public static Vector3d operator -(Vector3d a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling.</summary>
    public static Vector3d operator *(Vector3d a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Scaling.</summary>
    public static Vector3d operator *(double s, Vector3d a) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Division by a scalar.</summary>
    public static Vector3d operator /(Vector3d a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"({X:0.###}, {Y:0.###}, {Z:0.###})");
}
