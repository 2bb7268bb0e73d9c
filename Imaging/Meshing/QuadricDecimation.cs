using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;

namespace ArSpine.Imaging.Meshing;

/// <summary>
/// Garland–Heckbert quadric error decimation: repeatedly collapses the edge whose merged vertex has the least summed squared
/// distance (mm²) to the planes of the original faces around it, placed where that error is least. A collapse is refused when
/// it would make the mesh non-manifold (the link condition) or turn a face over, so a closed, consistently wound mesh stays
/// closed and consistently wound. Works in double precision about the mesh's centroid.
/// </summary>
public static class QuadricDecimation
{
    /// <summary>
    /// Returns a copy of <paramref name="mesh"/> with at most <paramref name="targetTriangles"/> triangles where collapses allow
    /// (fewer valid collapses may leave more). A mesh already within the budget is returned as a copy. Cost: O(E log E).
    /// </summary>
    public static TriangleMesh Apply(TriangleMesh mesh, int targetTriangles)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetTriangles, 4);
        return new Decimator(mesh).Run(targetTriangles);
    }

    private sealed class Decimator
    {
        private readonly Vector3d _centre;
        private readonly Vector3d[] _position;
        private readonly int[] _faces;
        private readonly bool[] _faceAlive;
        private readonly List<int>[] _vertexFaces;
        private readonly double[][] _quadric;
        private readonly int[] _version;
        private readonly bool[] _vertexAlive;
        private readonly int[] _stamp;
        private readonly PriorityQueue<(int A, int B, int VersionA, int VersionB, Vector3d Target), double> _queue = new();
        private int _stampValue;
        private int _aliveFaces;

        public Decimator(TriangleMesh mesh)
        {
            int vertices = mesh.PositionsMm.Length;
            Vector3d sum = Vector3d.Zero;
            foreach (Vector3 p in mesh.PositionsMm)
            {
                sum += Vector3d.From(p);
            }

            _centre = vertices > 0 ? sum / vertices : Vector3d.Zero;
            _position = mesh.PositionsMm.Select(p => Vector3d.From(p) - _centre).ToArray();
            _faces = (int[])mesh.Indices.Clone();
            _aliveFaces = _faces.Length / 3;
            _faceAlive = Enumerable.Repeat(true, _aliveFaces).ToArray();
            _vertexFaces = new List<int>[vertices];
            _quadric = new double[vertices][];
            _version = new int[vertices];
            _vertexAlive = new bool[vertices];
            _stamp = new int[vertices];
            for (int v = 0; v < vertices; v++)
            {
                _vertexFaces[v] = new List<int>(6);
                _quadric[v] = new double[10];
            }

            for (int f = 0; f < _aliveFaces; f++)
            {
                int a = _faces[3 * f], b = _faces[3 * f + 1], c = _faces[3 * f + 2];
                Vector3d cross = Vector3d.Cross(_position[b] - _position[a], _position[c] - _position[a]);
                double twiceArea = cross.Length;
                for (int n = 0; n < 3; n++)
                {
                    int v = _faces[3 * f + n];
                    _vertexFaces[v].Add(f);
                    _vertexAlive[v] = true;
                }

                if (twiceArea <= 0)
                {
                    continue;
                }

                Vector3d normal = cross / twiceArea;
                double d = -Vector3d.Dot(normal, _position[a]);
                AddPlane(a, normal, d, twiceArea / 2);
                AddPlane(b, normal, d, twiceArea / 2);
                AddPlane(c, normal, d, twiceArea / 2);
            }
        }

        public TriangleMesh Run(int target)
        {
            for (int f = 0; f < _faces.Length / 3; f++)
            {
                for (int n = 0; n < 3; n++)
                {
                    int a = _faces[3 * f + n], b = _faces[3 * f + (n + 1) % 3];
                    if (a < b)
                    {
                        Push(a, b);
                    }
                }
            }

            while (_aliveFaces > target && _queue.TryDequeue(out var entry, out _))
            {
                (int a, int b, int versionA, int versionB, Vector3d target3) = entry;
                if (!_vertexAlive[a] || !_vertexAlive[b] || _version[a] != versionA || _version[b] != versionB)
                {
                    continue;
                }

                if (CanCollapse(a, b, target3))
                {
                    Collapse(a, b, target3);
                }
            }

            return Compact();
        }

        private void AddPlane(int v, Vector3d n, double d, double weight)
        {
            double[] q = _quadric[v];
            q[0] += weight * n.X * n.X; q[1] += weight * n.X * n.Y; q[2] += weight * n.X * n.Z; q[3] += weight * n.X * d;
            q[4] += weight * n.Y * n.Y; q[5] += weight * n.Y * n.Z; q[6] += weight * n.Y * d;
            q[7] += weight * n.Z * n.Z; q[8] += weight * n.Z * d;
            q[9] += weight * d * d;
        }

        private static double Error(ReadOnlySpan<double> q, Vector3d p) =>
            q[0] * p.X * p.X + 2 * q[1] * p.X * p.Y + 2 * q[2] * p.X * p.Z + 2 * q[3] * p.X
            + q[4] * p.Y * p.Y + 2 * q[5] * p.Y * p.Z + 2 * q[6] * p.Y
            + q[7] * p.Z * p.Z + 2 * q[8] * p.Z + q[9];

        private void Push(int a, int b)
        {
            Span<double> q = stackalloc double[10];
            for (int n = 0; n < 10; n++)
            {
                q[n] = _quadric[a][n] + _quadric[b][n];
            }

            Vector3d pa = _position[a], pb = _position[b], mid = (pa + pb) * 0.5;
            Vector3d best = mid;
            double bestError = Error(q, mid);
            // The minimiser of the quadric, when its 3x3 part is well conditioned and the point stays near the edge.
            double a11 = q[0], a12 = q[1], a13 = q[2], a22 = q[4], a23 = q[5], a33 = q[7];
            double det = a11 * (a22 * a33 - a23 * a23) - a12 * (a12 * a33 - a23 * a13) + a13 * (a12 * a23 - a22 * a13);
            double scale = a11 + a22 + a33;
            if (Math.Abs(det) > 1e-9 * scale * scale * scale)
            {
                double bx = -q[3], by = -q[6], bz = -q[8];
                double x = (bx * (a22 * a33 - a23 * a23) - a12 * (by * a33 - a23 * bz) + a13 * (by * a23 - a22 * bz)) / det;
                double y = (a11 * (by * a33 - a23 * bz) - bx * (a12 * a33 - a23 * a13) + a13 * (a12 * bz - by * a13)) / det;
                double z = (a11 * (a22 * bz - by * a23) - a12 * (a12 * bz - by * a13) + bx * (a12 * a23 - a22 * a13)) / det;
                var optimum = new Vector3d(x, y, z);
                if (Vector3d.Distance(optimum, mid) <= Vector3d.Distance(pa, pb))
                {
                    double e = Error(q, optimum);
                    if (e < bestError)
                    {
                        (best, bestError) = (optimum, e);
                    }
                }
            }

            foreach (Vector3d candidate in (ReadOnlySpan<Vector3d>)[pa, pb])
            {
                double e = Error(q, candidate);
                if (e < bestError)
                {
                    (best, bestError) = (candidate, e);
                }
            }

            _queue.Enqueue((a, b, _version[a], _version[b], best), Math.Max(bestError, 0));
        }

        private bool CanCollapse(int a, int b, Vector3d target)
        {
            // Link condition: the vertices adjacent to both a and b are exactly the apexes of the two faces on edge ab.
            _stampValue++;
            foreach (int f in _vertexFaces[a])
            {
                for (int n = 0; n < 3; n++)
                {
                    _stamp[_faces[3 * f + n]] = _stampValue;
                }
            }

            int shared = 0, common = 0;
            foreach (int f in _vertexFaces[b])
            {
                if (HasVertex(f, a))
                {
                    shared++;
                }
            }

            _stampValue++;
            int markB = _stampValue;
            foreach (int f in _vertexFaces[b])
            {
                for (int n = 0; n < 3; n++)
                {
                    int v = _faces[3 * f + n];
                    if (v != a && v != b && _stamp[v] == markB - 1)
                    {
                        _stamp[v] = markB;
                        common++;
                    }
                }
            }

            if (shared != 2 || common != 2)
            {
                return false;
            }

            return !TurnsOver(a, b, target) && !TurnsOver(b, a, target);
        }

        private bool TurnsOver(int moving, int other, Vector3d target)
        {
            foreach (int f in _vertexFaces[moving])
            {
                if (HasVertex(f, other))
                {
                    continue;
                }

                Vector3d p0 = _position[_faces[3 * f]], p1 = _position[_faces[3 * f + 1]], p2 = _position[_faces[3 * f + 2]];
                Vector3d before = Vector3d.Cross(p1 - p0, p2 - p0);
                int slot = _faces[3 * f] == moving ? 0 : _faces[3 * f + 1] == moving ? 1 : 2;
                if (slot == 0) { p0 = target; } else if (slot == 1) { p1 = target; } else { p2 = target; }
                Vector3d after = Vector3d.Cross(p1 - p0, p2 - p0);
                double lengths = before.Length * after.Length;
                if (lengths <= 0 || Vector3d.Dot(before, after) < 0.2 * lengths)
                {
                    return true;
                }
            }

            return false;
        }

        private bool HasVertex(int f, int v) => _faces[3 * f] == v || _faces[3 * f + 1] == v || _faces[3 * f + 2] == v;

        private void Collapse(int a, int b, Vector3d target)
        {
            foreach (int f in _vertexFaces[b])
            {
                if (HasVertex(f, a))
                {
                    _faceAlive[f] = false;
                    _aliveFaces--;
                    for (int n = 0; n < 3; n++)
                    {
                        int v = _faces[3 * f + n];
                        if (v != b)
                        {
                            _vertexFaces[v].Remove(f);
                        }
                    }
                }
                else
                {
                    for (int n = 0; n < 3; n++)
                    {
                        if (_faces[3 * f + n] == b)
                        {
                            _faces[3 * f + n] = a;
                        }
                    }

                    _vertexFaces[a].Add(f);
                }
            }

            _vertexFaces[b].Clear();
            _vertexAlive[b] = false;
            _position[a] = target;
            for (int n = 0; n < 10; n++)
            {
                _quadric[a][n] += _quadric[b][n];
            }

            _version[a]++;
            _stampValue++;
            foreach (int f in _vertexFaces[a])
            {
                for (int n = 0; n < 3; n++)
                {
                    int v = _faces[3 * f + n];
                    if (v != a && _stamp[v] != _stampValue)
                    {
                        _stamp[v] = _stampValue;
                        Push(Math.Min(a, v), Math.Max(a, v));
                    }
                }
            }
        }

        private TriangleMesh Compact()
        {
            var newIndex = new int[_position.Length];
            Array.Fill(newIndex, -1);
            var positions = new List<Vector3>();
            var indices = new List<int>(_aliveFaces * 3);
            for (int f = 0; f < _faceAlive.Length; f++)
            {
                if (!_faceAlive[f])
                {
                    continue;
                }

                for (int n = 0; n < 3; n++)
                {
                    int v = _faces[3 * f + n];
                    if (newIndex[v] < 0)
                    {
                        newIndex[v] = positions.Count;
                        positions.Add((_position[v] + _centre).ToVector3());
                    }

                    indices.Add(newIndex[v]);
                }
            }

            return new TriangleMesh(positions.ToArray(), indices.ToArray());
        }
    }
}
