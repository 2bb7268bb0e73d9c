using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Anatomy;

/// <summary>
/// A mask sampled on a square grid in a plane through the Ct frame: pixel (x, y) is the point
/// <c>Origin + AxisX * (MinX + x * PixelMm) + AxisY * (MinY + y * PixelMm)</c>, LPS mm.
/// </summary>
internal sealed class PlanarSection
{
    private readonly bool[] _bone;

    private PlanarSection(Vector3d origin, Vector3d axisX, Vector3d axisY, double minX, double minY, double pixelMm, int width, int height, bool[] bone)
    {
        (Origin, AxisX, AxisY, MinX, MinY, PixelMm, Width, Height) = (origin, axisX, axisY, minX, minY, pixelMm, width, height);
        _bone = bone;
    }

    public Vector3d Origin { get; }

    public Vector3d AxisX { get; }

    public Vector3d AxisY { get; }

    public double MinX { get; }

    public double MinY { get; }

    public double PixelMm { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Samples <paramref name="mask"/> over [minX, maxX] x [minY, maxY] mm of the plane; a pixel is bone when any of the <paramref name="offsetsAlongNormal"/> (mm) hits the mask.</summary>
    public static PlanarSection Sample(LabelMask mask, Vector3d origin, Vector3d axisX, Vector3d axisY, double minX, double maxX, double minY, double maxY, double pixelMm, ReadOnlySpan<double> offsetsAlongNormal)
    {
        int width = (int)Math.Ceiling((maxX - minX) / pixelMm) + 1, height = (int)Math.Ceiling((maxY - minY) / pixelMm) + 1;
        Vector3d normal = Vector3d.Cross(axisX, axisY).Normalized();
        var bone = new bool[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                Vector3d p = origin + axisX * (minX + x * pixelMm) + axisY * (minY + y * pixelMm);
                foreach (double offset in offsetsAlongNormal)
                {
                    if (mask.Contains(p + normal * offset))
                    {
                        bone[x + width * y] = true;
                        break;
                    }
                }
            }
        }

        return new PlanarSection(origin, axisX, axisY, minX, minY, pixelMm, width, height, bone);
    }

    /// <summary>Turns the bone pixels whose Ct point (LPS mm) satisfies <paramref name="clear"/> into background.</summary>
    public void ClearWhere(Func<Vector3d, bool> clear)
    {
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (_bone[x + Width * y] && clear(PointOf(x, y)))
                {
                    _bone[x + Width * y] = false;
                }
            }
        }
    }

    public bool IsBone(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height && _bone[x + Width * y];

    /// <summary>Pixel coordinates of a plane point given in mm along the axes.</summary>
    public (int X, int Y) PixelOf(double xMm, double yMm) => ((int)Math.Round((xMm - MinX) / PixelMm), (int)Math.Round((yMm - MinY) / PixelMm));

    /// <summary>The Ct point of pixel coordinates (fractional allowed), LPS mm.</summary>
    public Vector3d PointOf(double x, double y) => Origin + AxisX * (MinX + x * PixelMm) + AxisY * (MinY + y * PixelMm);

    /// <summary>
    /// The 4-connected components of pixels equal to <paramref name="bone"/>, each as its list of flat pixel indices; when
    /// <paramref name="skipBorderConnected"/> is set, components touching the border are dropped (what stays are holes).
    /// </summary>
    public List<List<int>> Components(bool bone, bool skipBorderConnected)
    {
        var seen = new bool[_bone.Length];
        var components = new List<List<int>>();
        for (int start = 0; start < _bone.Length; start++)
        {
            if (!seen[start] && _bone[start] == bone)
            {
                List<int> members = Flood(start, seen, out bool touchesBorder);
                if (!(skipBorderConnected && touchesBorder))
                {
                    components.Add(members);
                }
            }
        }

        return components;
    }

    /// <summary>The bone component holding pixel (x, y), as flat pixel indices; empty when that pixel is not bone.</summary>
    public List<int> BoneComponentAt(int x, int y) =>
        IsBone(x, y) ? Flood(x + Width * y, new bool[_bone.Length], out _) : [];

    private List<int> Flood(int start, bool[] seen, out bool touchesBorder)
    {
        bool value = _bone[start];
        var members = new List<int>();
        var stack = new Stack<int>();
        touchesBorder = false;
        seen[start] = true;
        stack.Push(start);
        while (stack.Count > 0)
        {
            int n = stack.Pop();
            members.Add(n);
            int x = n % Width, y = n / Width;
            touchesBorder |= x == 0 || y == 0 || x == Width - 1 || y == Height - 1;
            if (x > 0) Visit(n - 1);
            if (x < Width - 1) Visit(n + 1);
            if (y > 0) Visit(n - Width);
            if (y < Height - 1) Visit(n + Width);
        }

        return members;

        void Visit(int n)
        {
            if (!seen[n] && _bone[n] == value)
            {
                seen[n] = true;
                stack.Push(n);
            }
        }
    }

    /// <summary>Area (mm²), centroid (pixel coordinates) and extents along X and Y (mm) of a set of pixels.</summary>
    public (double AreaMm2, double CentreX, double CentreY, double ExtentXMm, double ExtentYMm) Measure(List<int> pixels)
    {
        double sx = 0, sy = 0;
        int minX = int.MaxValue, maxX = int.MinValue, minY = int.MaxValue, maxY = int.MinValue;
        foreach (int n in pixels)
        {
            int x = n % Width, y = n / Width;
            sx += x;
            sy += y;
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
        }

        int count = Math.Max(pixels.Count, 1);
        return (pixels.Count * PixelMm * PixelMm, sx / count, sy / count, (maxX - minX + 1) * PixelMm, (maxY - minY + 1) * PixelMm);
    }
}
