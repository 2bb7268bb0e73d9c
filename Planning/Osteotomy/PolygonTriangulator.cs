namespace ArSpine.Planning.Osteotomy;

/// <summary>
/// Triangulates planar polygons with holes given as closed loops of vertex ids with 2D coordinates: counter-clockwise
/// loops are outer boundaries, clockwise loops are holes (each assigned to the smallest outer loop around it). Holes are
/// joined to their outer loop by bridges to visible vertices, then the simple polygon is cut into ears. Every loop edge ends
/// up in exactly one triangle, so the result closes the loops whatever the geometry. Cost: about O(n²) in the loop vertices.
/// </summary>
internal static class PolygonTriangulator
{
    /// <summary>Returns three ids per triangle, counter-clockwise in the 2D coordinates.</summary>
    public static List<int> Triangulate(List<List<int>> loops, IReadOnlyDictionary<int, (double X, double Y)> coordinates)
    {
        var triangles = new List<int>();
        if (loops.Count == 0)
        {
            return triangles;
        }

        var areas = loops.Select(loop => SignedArea(loop, coordinates)).ToList();
        var outers = Enumerable.Range(0, loops.Count).Where(n => areas[n] > 0).ToList();
        var holesOf = outers.ToDictionary(n => n, _ => new List<int>());
        var orphans = new List<int>();
        for (int n = 0; n < loops.Count; n++)
        {
            if (areas[n] > 0)
            {
                continue;
            }

            int parent = -1;
            (double X, double Y) probe = coordinates[loops[n][0]];
            foreach (int outer in outers)
            {
                if ((parent < 0 || areas[outer] < areas[parent]) && Contains(loops[outer], coordinates, probe))
                {
                    parent = outer;
                }
            }

            if (parent >= 0)
            {
                holesOf[parent].Add(n);
            }
            else
            {
                orphans.Add(n);
            }
        }

        foreach (int outer in outers)
        {
            List<int> polygon = Bridge(loops[outer], holesOf[outer].Select(h => loops[h]).ToList(), coordinates);
            ClipEars(polygon, coordinates, triangles);
        }

        // A clockwise loop with no outer loop around it (degenerate input) is still closed, facing the other way.
        foreach (int orphan in orphans)
        {
            ClipEars(new List<int>(loops[orphan]), coordinates, triangles);
        }

        return triangles;
    }

    private static double SignedArea(List<int> loop, IReadOnlyDictionary<int, (double X, double Y)> xy)
    {
        double twice = 0;
        for (int n = 0; n < loop.Count; n++)
        {
            (double x0, double y0) = xy[loop[n]];
            (double x1, double y1) = xy[loop[(n + 1) % loop.Count]];
            twice += x0 * y1 - x1 * y0;
        }

        return twice / 2;
    }

    private static bool Contains(List<int> loop, IReadOnlyDictionary<int, (double X, double Y)> xy, (double X, double Y) p)
    {
        bool inside = false;
        for (int n = 0, m = loop.Count - 1; n < loop.Count; m = n++)
        {
            (double xi, double yi) = xy[loop[n]];
            (double xj, double yj) = xy[loop[m]];
            if ((yi > p.Y) != (yj > p.Y) && p.X < (xj - xi) * (p.Y - yi) / (yj - yi) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>Joins each hole to the polygon by a bridge from its rightmost vertex to the nearest polygon vertex that sees it.</summary>
    private static List<int> Bridge(List<int> outer, List<List<int>> holes, IReadOnlyDictionary<int, (double X, double Y)> xy)
    {
        var polygon = new List<int>(outer);
        var pending = holes.OrderByDescending(h => h.Max(id => xy[id].X)).ToList();
        while (pending.Count > 0)
        {
            List<int> hole = pending[0];
            pending.RemoveAt(0);
            int start = 0;
            for (int n = 1; n < hole.Count; n++)
            {
                if (xy[hole[n]].X > xy[hole[start]].X)
                {
                    start = n;
                }
            }

            (double X, double Y) m = xy[hole[start]];
            int best = -1;
            foreach (int n in Enumerable.Range(0, polygon.Count).OrderBy(n => Distance2(xy[polygon[n]], m)))
            {
                if (Sees(polygon, n, m, xy) && !Crosses(hole, xy[polygon[n]], m, xy) && pending.All(h => !Crosses(h, xy[polygon[n]], m, xy)))
                {
                    best = n;
                    break;
                }
            }

            if (best < 0)
            {
                best = Enumerable.Range(0, polygon.Count).MinBy(n => Distance2(xy[polygon[n]], m));
            }

            var merged = new List<int>(polygon.Count + hole.Count + 2);
            merged.AddRange(polygon.Take(best + 1));
            for (int n = 0; n <= hole.Count; n++)
            {
                merged.Add(hole[(start + n) % hole.Count]);
            }

            merged.Add(polygon[best]);
            merged.AddRange(polygon.Skip(best + 1));
            polygon = merged;
        }

        return polygon;
    }

    /// <summary>True when the segment from polygon vertex n to m leaves n into the polygon's interior and crosses none of its edges.</summary>
    private static bool Sees(List<int> polygon, int n, (double X, double Y) m, IReadOnlyDictionary<int, (double X, double Y)> xy)
    {
        (double X, double Y) p = xy[polygon[n]];
        (double X, double Y) prev = xy[polygon[(n - 1 + polygon.Count) % polygon.Count]];
        (double X, double Y) next = xy[polygon[(n + 1) % polygon.Count]];
        if (!InCone(prev, p, next, m))
        {
            return false;
        }

        return !Crosses(polygon, p, m, xy);
    }

    /// <summary>True when the direction from p to q lies strictly inside the interior angle prev–p–next of a counter-clockwise polygon.</summary>
    private static bool InCone((double X, double Y) prev, (double X, double Y) p, (double X, double Y) next, (double X, double Y) q)
    {
        bool convex = Cross(prev, p, next) > 0;
        return convex
            ? Cross(p, next, q) > 0 && Cross(prev, p, q) > 0
            : !(Cross(p, next, q) <= 0 && Cross(prev, p, q) <= 0);
    }

    /// <summary>True when segment a–b properly crosses an edge of the loop (edges touching a or b at their ends are ignored).</summary>
    private static bool Crosses(List<int> loop, (double X, double Y) a, (double X, double Y) b, IReadOnlyDictionary<int, (double X, double Y)> xy)
    {
        for (int n = 0; n < loop.Count; n++)
        {
            (double X, double Y) c = xy[loop[n]], d = xy[loop[(n + 1) % loop.Count]];
            if (c == a || c == b || d == a || d == b)
            {
                continue;
            }

            double d1 = Cross(a, b, c), d2 = Cross(a, b, d), d3 = Cross(c, d, a), d4 = Cross(c, d, b);
            if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Cuts a simple (possibly bridged) counter-clockwise polygon into ears; falls back to the least bad vertex when none is clean.</summary>
    private static void ClipEars(List<int> polygon, IReadOnlyDictionary<int, (double X, double Y)> xy, List<int> triangles)
    {
        int count = polygon.Count;
        if (count < 3)
        {
            return;
        }

        var prev = new int[count];
        var next = new int[count];
        for (int n = 0; n < count; n++)
        {
            prev[n] = (n - 1 + count) % count;
            next[n] = (n + 1) % count;
        }

        double scale = 0;
        foreach (int id in polygon)
        {
            scale = Math.Max(scale, Math.Max(Math.Abs(xy[id].X), Math.Abs(xy[id].Y)));
        }

        double epsilon = 1e-12 * Math.Max(scale * scale, 1e-12);
        int current = 0, remaining = count, sinceLastEar = 0;
        while (remaining > 3)
        {
            if (IsEar(current))
            {
                Clip(current);
                sinceLastEar = 0;
                continue;
            }

            current = next[current];
            if (++sinceLastEar > remaining)
            {
                // No clean ear (round-off or degenerate input): clip the most convex vertex whose neighbours differ.
                int chosen = -1;
                double bestCross = double.NegativeInfinity;
                for (int n = current, k = 0; k < remaining; n = next[n], k++)
                {
                    double cross = Cross(xy[polygon[prev[n]]], xy[polygon[n]], xy[polygon[next[n]]]);
                    if (polygon[prev[n]] != polygon[next[n]] && cross > bestCross)
                    {
                        bestCross = cross;
                        chosen = n;
                    }
                }

                Clip(chosen >= 0 ? chosen : current);
                sinceLastEar = 0;
            }
        }

        triangles.AddRange([polygon[prev[current]], polygon[current], polygon[next[current]]]);

        void Clip(int n)
        {
            triangles.AddRange([polygon[prev[n]], polygon[n], polygon[next[n]]]);
            next[prev[n]] = next[n];
            prev[next[n]] = prev[n];
            current = next[n];
            remaining--;
        }

        bool IsEar(int n)
        {
            int ia = prev[n], ic = next[n];
            if (polygon[ia] == polygon[ic])
            {
                return false;
            }

            (double X, double Y) a = xy[polygon[ia]], b = xy[polygon[n]], c = xy[polygon[ic]];
            double cross = Cross(a, b, c);
            if (cross <= epsilon)
            {
                // A straight-through vertex (zero-area ear) is safe to clip; a reflex or spiking one is not.
                return Math.Abs(cross) <= epsilon && Dot(a, b, c) > 0;
            }

            for (int p = next[ic]; p != ia; p = next[p])
            {
                (double X, double Y) q = xy[polygon[p]];
                if (q == a || q == b || q == c)
                {
                    // A duplicate of a corner (a bridge's end): the ear is bad if the polygon leaves it into the triangle.
                    (double X, double Y) corner = q;
                    (double X, double Y) before = q == a ? c : q == b ? a : b;
                    (double X, double Y) after = q == a ? b : q == b ? c : a;
                    if (StrictlyBetween(corner, after, before, xy[polygon[next[p]]]) || StrictlyBetween(corner, after, before, xy[polygon[prev[p]]]))
                    {
                        return false;
                    }

                    continue;
                }

                if (Cross(a, b, q) >= -epsilon && Cross(b, c, q) >= -epsilon && Cross(c, a, q) >= -epsilon)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>True when the direction from corner to q lies strictly between the directions to <paramref name="first"/> and <paramref name="second"/> (counter-clockwise from first).</summary>
    private static bool StrictlyBetween((double X, double Y) corner, (double X, double Y) first, (double X, double Y) second, (double X, double Y) q) =>
        Cross(corner, first, q) > 0 && Cross(corner, q, second) > 0;

    private static double Cross((double X, double Y) a, (double X, double Y) b, (double X, double Y) c) =>
        (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);

    private static double Dot((double X, double Y) a, (double X, double Y) b, (double X, double Y) c) =>
        (b.X - a.X) * (c.X - b.X) + (b.Y - a.Y) * (c.Y - b.Y);

    private static double Distance2((double X, double Y) a, (double X, double Y) b) => (a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y);
}
