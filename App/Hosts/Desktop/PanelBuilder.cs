using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// Lays out the desktop host's panels (<see cref="IHologramPort.BeginPanel"/> … <see cref="IHologramPort.EndPanel"/>) as flat
/// windows in the panel's XY plane and hit-tests their buttons and toggles with the frame's pointer ray, immediately, as each row
/// is added. Sizes in the panel frame, mm: a title bar <see cref="TitleBarMm"/> tall, then rows top to bottom, <see cref="PaddingMm"/>
/// from the edges and <see cref="GapMm"/> apart (labels <see cref="LabelRowMm"/>, buttons and toggles <see cref="ButtonRowMm"/>,
/// images their own height); the window is as tall as its rows. Pure CPU (no GL): geometry goes into an <see cref="UnlitGeometry"/>.
/// Allocates nothing.
/// </summary>
internal sealed class PanelBuilder(GlyphAtlas atlas, uint atlasTexture)
{
    /// <summary>Height of the title bar, mm.</summary>
    public const float TitleBarMm = 20f;

    /// <summary>Cap height of the title, mm.</summary>
    public const float TitleTextMm = 8f;

    /// <summary>Cap height of row text, mm.</summary>
    public const float RowTextMm = 6f;

    /// <summary>Margin between the window's edges and its rows, mm.</summary>
    public const float PaddingMm = 6f;

    /// <summary>Space between rows, mm.</summary>
    public const float GapMm = 3f;

    /// <summary>Height of a label row, mm.</summary>
    public const float LabelRowMm = 11f;

    /// <summary>Height of a button or toggle row, mm.</summary>
    public const float ButtonRowMm = 16f;

    /// <summary>Background of the window.</summary>
    public static readonly RgbaColor Background = new(0.11f, 0.12f, 0.15f);

    /// <summary>The title bar.</summary>
    public static readonly RgbaColor TitleBar = new(0.16f, 0.32f, 0.56f);

    /// <summary>A button or toggle at rest.</summary>
    public static readonly RgbaColor ButtonIdle = new(0.24f, 0.27f, 0.33f);

    /// <summary>A button or toggle under the pointer.</summary>
    public static readonly RgbaColor ButtonHover = new(0.34f, 0.44f, 0.58f);

    /// <summary>A button or toggle in the frame it is pressed.</summary>
    public static readonly RgbaColor ButtonPressed = new(0.50f, 0.66f, 0.92f);

    /// <summary>A toggle's box when on.</summary>
    public static readonly RgbaColor ToggleOn = new(0.30f, 0.78f, 0.45f);

    /// <summary>A toggle's box when off.</summary>
    public static readonly RgbaColor ToggleOff = new(0.08f, 0.08f, 0.10f);

    // Layers in front of the window's plane (+Z), mm, so rows and text win the depth test against the background.
    private const float RowZ = 0.4f, TextZ = 0.8f;

    private UnlitGeometry? geometry;
    private Matrix4x4 worldFromPanel;
    private float widthMm, cursorYMm;
    private int backgroundFirst;
    private bool hit;
    private Vector2 hitPanelMm;
    private ButtonState pinch;

    /// <summary>Whether a panel is open (between <see cref="Begin"/> and <see cref="End"/>).</summary>
    public bool IsOpen => geometry is not null;

    /// <summary>Whether the pointer ray met a panel drawn since <see cref="ResetFrame"/> (inside its window).</summary>
    public bool PointerOverPanel { get; private set; }

    /// <summary>Forgets the last frame's hover state; call at the start of a frame.</summary>
    public void ResetFrame() => PointerOverPanel = false;

    /// <summary>Opens a panel (see <see cref="IHologramPort.BeginPanel"/>), hit-testing it with the pointer ray of <paramref name="input"/>.</summary>
    public void Begin(UnlitGeometry into, ReadOnlySpan<char> title, in Matrix4x4 worldFromPanel, float widthMm, in InputFrame input)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException("Expected EndPanel before the next BeginPanel (panels are not nested). Was a panel still open.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthMm);
        geometry = into;
        this.worldFromPanel = worldFromPanel;
        this.widthMm = widthMm;
        pinch = input.Pinch;
        hit = TryHit(worldFromPanel, input.PointerOriginWorldMm, input.PointerDirectionWorld, out hitPanelMm);
        backgroundFirst = into.AddQuad(P(0, 0, 0), P(0, 0, 0), P(0, 0, 0), P(0, 0, 0), Background);
        into.AddQuad(P(0, -TitleBarMm, RowZ), P(widthMm, -TitleBarMm, RowZ), P(widthMm, 0, RowZ), P(0, 0, RowZ), TitleBar);
        Text(title, PaddingMm, -TitleBarMm / 2, TitleTextMm, RgbaColor.White, centred: false);
        cursorYMm = -TitleBarMm - PaddingMm;
    }

    /// <summary>A row of text.</summary>
    public void Label(ReadOnlySpan<char> text, RgbaColor color)
    {
        float top = Row(LabelRowMm);
        Text(text, PaddingMm, top - LabelRowMm / 2, RowTextMm, color, centred: false);
    }

    /// <summary>A button; true in the frame the pinch went down on it.</summary>
    public bool Button(ReadOnlySpan<char> label)
    {
        float top = Row(ButtonRowMm);
        bool hovered = Hovered(top, ButtonRowMm), pressed = hovered && pinch.JustPressed;
        Rect(PaddingMm, top, widthMm - PaddingMm, top - ButtonRowMm, RowZ, pressed ? ButtonPressed : hovered ? ButtonHover : ButtonIdle);
        Text(label, widthMm / 2, top - ButtonRowMm / 2, RowTextMm, RgbaColor.White, centred: true);
        return pressed;
    }

    /// <summary>A toggle; flips <paramref name="value"/> and returns true in the frame the pinch went down on it.</summary>
    public bool Toggle(ReadOnlySpan<char> label, ref bool value)
    {
        float top = Row(ButtonRowMm);
        bool hovered = Hovered(top, ButtonRowMm), pressed = hovered && pinch.JustPressed;
        if (pressed)
        {
            value = !value;
        }

        Rect(PaddingMm, top, widthMm - PaddingMm, top - ButtonRowMm, RowZ, pressed ? ButtonPressed : hovered ? ButtonHover : ButtonIdle);
        const float box = ButtonRowMm - 6f;
        float boxLeft = PaddingMm + 3f, boxTop = top - 3f;
        Rect(boxLeft, boxTop, boxLeft + box, boxTop - box, TextZ, value ? ToggleOn : ToggleOff);
        Text(label, boxLeft + box + 4f, top - ButtonRowMm / 2, RowTextMm, RgbaColor.White, centred: false);
        return pressed;
    }

    /// <summary>An image row <paramref name="heightMm"/> tall, its width from the aspect ratio (narrowed to fit, keeping the aspect).</summary>
    public void Image(uint texture, int widthPx, int heightPx, float heightMm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heightMm);
        float width = heightMm * widthPx / heightPx, height = heightMm, inner = widthMm - 2 * PaddingMm;
        if (width > inner)
        {
            height *= inner / width;
            width = inner;
        }

        float top = Row(height), left = (widthMm - width) / 2;
        Geometry.AddQuad(
            UnlitMode.GreyImage, texture,
            P(left, top - height, RowZ), P(left + width, top - height, RowZ), P(left + width, top, RowZ), P(left, top, RowZ),
            RgbaColor.White, new Vector2(0, 1), new Vector2(1, 0));
    }

    /// <summary>Closes the panel, sizing its window to its rows.</summary>
    public void End()
    {
        UnlitGeometry into = Geometry;
        float bottom = cursorYMm + GapMm - PaddingMm;
        into.SetQuad(backgroundFirst, P(0, bottom, 0), P(widthMm, bottom, 0), P(widthMm, 0, 0), P(0, 0, 0), Background);
        if (hit && hitPanelMm.X >= 0 && hitPanelMm.X <= widthMm && hitPanelMm.Y <= 0 && hitPanelMm.Y >= bottom)
        {
            PointerOverPanel = true;
        }

        geometry = null;
    }

    /// <summary>Where a ray meets the XY plane of <paramref name="worldFromPanel"/>, in panel mm; false when it runs parallel or points away.</summary>
    public static bool TryHit(in Matrix4x4 worldFromPanel, Vector3 originWorldMm, Vector3 directionWorld, out Vector2 hitPanelMm)
    {
        hitPanelMm = default;
        if (directionWorld.LengthSquared() == 0 || !Matrix4x4.Invert(worldFromPanel, out Matrix4x4 panelFromWorld))
        {
            return false;
        }

        Vector3 origin = Vector3.Transform(originWorldMm, panelFromWorld);
        Vector3 direction = Vector3.TransformNormal(directionWorld, panelFromWorld);
        if (MathF.Abs(direction.Z) < 1e-6f)
        {
            return false;
        }

        float t = -origin.Z / direction.Z;
        if (t < 0)
        {
            return false;
        }

        Vector3 p = origin + t * direction;
        hitPanelMm = new Vector2(p.X, p.Y);
        return true;
    }

    private UnlitGeometry Geometry => geometry ?? throw new InvalidOperationException("Expected BeginPanel before a panel row or EndPanel. Was no panel open.");

    private float Row(float heightMm)
    {
        _ = Geometry;
        float top = cursorYMm;
        cursorYMm -= heightMm + GapMm;
        return top;
    }

    private bool Hovered(float top, float height) =>
        hit && hitPanelMm.X >= PaddingMm && hitPanelMm.X <= widthMm - PaddingMm && hitPanelMm.Y <= top && hitPanelMm.Y >= top - height;

    private void Rect(float left, float top, float right, float bottom, float z, RgbaColor color) =>
        Geometry.AddQuad(P(left, bottom, z), P(right, bottom, z), P(right, top, z), P(left, top, z), color);

    private void Text(ReadOnlySpan<char> text, float xMm, float middleYMm, float capHeightMm, RgbaColor color, bool centred)
    {
        float mmPerPx = capHeightMm / atlas.CapHeightPx;
        if (centred)
        {
            xMm -= atlas.MeasurePx(text) * mmPerPx / 2;
        }

        Matrix4x4 worldFromText = Matrix4x4.CreateTranslation(xMm, middleYMm - capHeightMm / 2, TextZ) * worldFromPanel;
        Geometry.AddText(atlas, atlasTexture, text, worldFromText, mmPerPx, color);
    }

    private Vector3 P(float x, float y, float z) => Vector3.Transform(new Vector3(x, y, z), worldFromPanel);
}
