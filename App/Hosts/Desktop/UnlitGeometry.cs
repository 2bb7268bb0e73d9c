using System.Numerics;
using ArSpine.App.Scene;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>How the unlit shader colours a batch (its <c>uMode</c>).</summary>
internal enum UnlitMode
{
    /// <summary>The vertex colour.</summary>
    Color = 0,

    /// <summary>The vertex colour, its alpha times the glyph atlas's coverage.</summary>
    Glyphs = 1,

    /// <summary>An opaque greyscale image.</summary>
    GreyImage = 2,
}

/// <summary>
/// Triangles for the unlit shader built on the CPU, World mm, in draw order: interleaved vertices (position, straight-alpha colour,
/// texture coordinate; <see cref="FloatsPerVertex"/> floats each) and batches of consecutive triangles that share a mode and a
/// texture. Reused frame after frame: <see cref="Clear"/> keeps the arrays, so once they have grown nothing allocates. No GL here.
/// </summary>
internal sealed class UnlitGeometry
{
    /// <summary>Floats per vertex: x, y, z, r, g, b, a, u, v.</summary>
    public const int FloatsPerVertex = 9;

    private float[] vertices = new float[FloatsPerVertex * 6 * 256];
    private Batch[] batches = new Batch[64];

    /// <summary>The vertices so far, <see cref="VertexCount"/> × <see cref="FloatsPerVertex"/> floats; valid until the next add.</summary>
    public ReadOnlySpan<float> Vertices => vertices.AsSpan(0, VertexCount * FloatsPerVertex);

    /// <summary>How many vertices (three per triangle) have been added since <see cref="Clear"/>.</summary>
    public int VertexCount { get; private set; }

    /// <summary>The batches so far, in draw order.</summary>
    public ReadOnlySpan<Batch> Batches => batches.AsSpan(0, BatchCount);

    /// <summary>How many batches there are.</summary>
    public int BatchCount { get; private set; }

    /// <summary>Forgets every vertex and batch, keeping the memory.</summary>
    public void Clear()
    {
        VertexCount = 0;
        BatchCount = 0;
    }

    /// <summary>
    /// Adds a quad as two triangles (p0, p1, p2) and (p0, p2, p3), with texture coordinates <paramref name="uvMin"/> at p0 and
    /// <paramref name="uvMax"/> at p2 (p1 takes uMax, vMin; p3 uMin, vMax). Returns the first vertex's index.
    /// </summary>
    public int AddQuad(UnlitMode mode, uint texture, Vector3 p0, Vector3 p1, Vector3 p2, Vector3 p3, RgbaColor color, Vector2 uvMin, Vector2 uvMax)
    {
        int first = VertexCount;
        Reserve(mode, texture, 6);
        Write(first, p0, color, uvMin);
        Write(first + 1, p1, color, new Vector2(uvMax.X, uvMin.Y));
        Write(first + 2, p2, color, uvMax);
        Write(first + 3, p0, color, uvMin);
        Write(first + 4, p2, color, uvMax);
        Write(first + 5, p3, color, new Vector2(uvMin.X, uvMax.Y));
        return first;
    }

    /// <summary>Adds a flat-coloured quad (no texture).</summary>
    public int AddQuad(Vector3 p0, Vector3 p1, Vector3 p2, Vector3 p3, RgbaColor color) =>
        AddQuad(UnlitMode.Color, 0, p0, p1, p2, p3, color, Vector2.Zero, Vector2.Zero);

    /// <summary>Rewrites the positions and colour of the flat quad that <see cref="AddQuad(Vector3, Vector3, Vector3, Vector3, RgbaColor)"/> added at <paramref name="first"/> (a panel's background, sized once its rows are known).</summary>
    public void SetQuad(int first, Vector3 p0, Vector3 p1, Vector3 p2, Vector3 p3, RgbaColor color)
    {
        Write(first, p0, color, Vector2.Zero);
        Write(first + 1, p1, color, Vector2.Zero);
        Write(first + 2, p2, color, Vector2.Zero);
        Write(first + 3, p0, color, Vector2.Zero);
        Write(first + 4, p2, color, Vector2.Zero);
        Write(first + 5, p3, color, Vector2.Zero);
    }

    /// <summary>
    /// Adds a run of text in the XY plane of <paramref name="worldFromText"/> (its origin the pen's start on the baseline, +X along
    /// the text, +Y up; mm), glyphs <paramref name="mmPerPx"/> mm per atlas pixel. Characters outside printable ASCII show as '?'.
    /// </summary>
    public void AddText(GlyphAtlas atlas, uint atlasTexture, ReadOnlySpan<char> text, in Matrix4x4 worldFromText, float mmPerPx, RgbaColor color)
    {
        float penPx = 0;
        float texelU = 1f / atlas.WidthPx, texelV = 1f / atlas.HeightPx;
        foreach (char c in text)
        {
            ref readonly GlyphAtlas.Glyph glyph = ref atlas[c];
            if (glyph.HasInk)
            {
                float left = (penPx + glyph.OffsetXPx) * mmPerPx, right = left + glyph.WidthPx * mmPerPx;
                float top = glyph.TopPx * mmPerPx, bottom = top - glyph.HeightPx * mmPerPx;
                var uvMin = new Vector2(glyph.X * texelU, (glyph.Y + glyph.HeightPx) * texelV);
                var uvMax = new Vector2((glyph.X + glyph.WidthPx) * texelU, glyph.Y * texelV);
                AddQuad(
                    UnlitMode.Glyphs, atlasTexture,
                    Vector3.Transform(new Vector3(left, bottom, 0), worldFromText),
                    Vector3.Transform(new Vector3(right, bottom, 0), worldFromText),
                    Vector3.Transform(new Vector3(right, top, 0), worldFromText),
                    Vector3.Transform(new Vector3(left, top, 0), worldFromText),
                    color, uvMin, uvMax);
            }

            penPx += glyph.AdvancePx;
        }
    }

    private void Reserve(UnlitMode mode, uint texture, int count)
    {
        int needed = (VertexCount + count) * FloatsPerVertex;
        if (needed > vertices.Length)
        {
            Array.Resize(ref vertices, Math.Max(needed, 2 * vertices.Length));
        }

        if (BatchCount > 0 && batches[BatchCount - 1].Mode == mode && batches[BatchCount - 1].Texture == texture)
        {
            batches[BatchCount - 1].Count += count;
        }
        else
        {
            if (BatchCount == batches.Length)
            {
                Array.Resize(ref batches, 2 * batches.Length);
            }

            batches[BatchCount++] = new Batch { Mode = mode, Texture = texture, First = VertexCount, Count = count };
        }

        VertexCount += count;
    }

    private void Write(int vertex, Vector3 p, RgbaColor color, Vector2 uv)
    {
        Span<float> v = vertices.AsSpan(vertex * FloatsPerVertex, FloatsPerVertex);
        v[0] = p.X;
        v[1] = p.Y;
        v[2] = p.Z;
        v[3] = color.R;
        v[4] = color.G;
        v[5] = color.B;
        v[6] = color.A;
        v[7] = uv.X;
        v[8] = uv.Y;
    }

    /// <summary>Consecutive triangles drawn with one mode and texture.</summary>
    public struct Batch
    {
        /// <summary>How the shader colours them.</summary>
        public UnlitMode Mode;

        /// <summary>The GL texture (0: none).</summary>
        public uint Texture;

        /// <summary>The first vertex.</summary>
        public int First;

        /// <summary>How many vertices.</summary>
        public int Count;
    }
}
