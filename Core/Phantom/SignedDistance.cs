namespace ArSpine.Core.Phantom;

/// <summary>
/// Signed distances (mm; negative inside) of the primitive solids the phantom is built from, in the primitive's own frame.
/// Box and cylinder caps are exact; ellipses use the first-order estimate f / |∇f|, exact on the surface.
/// </summary>
internal static class SignedDistance
{
    /// <summary>An axis-aligned box centred at the origin with half-sizes (hx, hy, hz).</summary>
    public static double Box(double x, double y, double z, double hx, double hy, double hz)
    {
        double qx = Math.Abs(x) - hx, qy = Math.Abs(y) - hy, qz = Math.Abs(z) - hz;
        double outside = Math.Sqrt(Sq(Math.Max(qx, 0)) + Sq(Math.Max(qy, 0)) + Sq(Math.Max(qz, 0)));
        return outside + Math.Min(Math.Max(qx, Math.Max(qy, qz)), 0);
    }

    /// <summary>An ellipse centred at the origin with semi-axes a (along x) and b (along y), in its plane.</summary>
    public static double Ellipse(double x, double y, double a, double b)
    {
        double k = Math.Sqrt(Sq(x / a) + Sq(y / b));
        double gradient = Math.Sqrt(Sq(x / (a * a)) + Sq(y / (b * b)));
        return gradient > 1e-9 ? (k - 1) * k / gradient : -Math.Min(a, b);
    }

    /// <summary>An elliptic cylinder along z with semi-axes a, b and half-height hz, flat caps.</summary>
    public static double EllipticCylinder(double x, double y, double z, double a, double b, double hz) =>
        Extrude(Ellipse(x, y, a, b), Math.Abs(z) - hz);

    /// <summary>Combines an in-plane distance with a distance along the extrusion axis (both signed).</summary>
    public static double Extrude(double inPlane, double alongAxis)
    {
        double outside = Math.Sqrt(Sq(Math.Max(inPlane, 0)) + Sq(Math.Max(alongAxis, 0)));
        return outside + Math.Min(Math.Max(inPlane, alongAxis), 0);
    }

    private static double Sq(double v) => v * v;
}
