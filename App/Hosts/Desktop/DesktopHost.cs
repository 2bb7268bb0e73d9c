using System.Diagnostics;
using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>How a <see cref="DesktopHost"/> runs. Immutable.</summary>
public sealed record DesktopHostOptions
{
    /// <summary>Render offscreen in a hidden window (still needs an X display: run under <c>xvfb-run -a</c>); input comes from a script.</summary>
    public bool Headless { get; init; }

    /// <summary>How many frames to run; 0 runs an interactive session until Escape or the window closes (a headless run needs more than 0).</summary>
    public int Frames { get; init; }

    /// <summary>Where to write PNG frames (<c>frame-00001.png</c>, … by 1-based frame number); null writes none. Created if missing.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Write every Nth frame: frame numbers N, 2N, … (1 writes all).</summary>
    public int WriteEvery { get; init; } = 1;

    /// <summary>Frame width, pixels (the whole side-by-side frame in stereo).</summary>
    public int WidthPx { get; init; } = 1280;

    /// <summary>Frame height, pixels.</summary>
    public int HeightPx { get; init; } = 800;

    /// <summary>Start in side-by-side stereo (F3 toggles it in an interactive run).</summary>
    public bool Stereo { get; init; }

    /// <summary>Interpupillary distance for stereo, mm.</summary>
    public float IpdMm { get; init; } = ViewCamera.DefaultIpdMm;

    /// <summary>The clear colour behind everything.</summary>
    public RgbaColor Background { get; init; } = DefaultBackground;

    /// <summary>The dark blue-grey the app clears its frames to.</summary>
    public static readonly RgbaColor DefaultBackground = new(0.08f, 0.09f, 0.11f);

    /// <summary>Near clip plane of the rendered view, mm. (The pointer ray starts on <see cref="DesktopInputSettings.NearMm"/>'s plane, which may differ.)</summary>
    public float NearMm { get; init; } = 10f;

    /// <summary>Far clip plane, mm.</summary>
    public float FarMm { get; init; } = 20_000f;

    /// <summary>MSAA samples per pixel (1: none).</summary>
    public int Samples { get; init; } = 4;

    /// <summary>The window's title.</summary>
    public string Title { get; init; } = "ArSpine";

    /// <summary>The simulated head at the start of an interactive run (and of a headless run without a script).</summary>
    public SimulatedHead InitialHead { get; init; } = new(Vector3.Zero, 0, 0);

    /// <summary>Draw a small cross at the hand's point (<see cref="InputFrame.HandWorldMm"/>), so the user sees the simulated hand; null: only in an interactive run.</summary>
    public bool? ShowHand { get; init; }

    /// <summary>The mouse and keyboard mapping, and the view's field of view (<see cref="DesktopInputSettings.VerticalFovDeg"/>).</summary>
    public DesktopInputSettings Input { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WidthPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HeightPx);
        ArgumentOutOfRangeException.ThrowIfNegative(Frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WriteEvery);
        ArgumentNullException.ThrowIfNull(Input);
        if (Headless && Frames == 0)
        {
            throw new ArgumentException("Expected Frames > 0 for a headless run (it has no window to close). Was 0.", nameof(Frames));
        }
    }
}

/// <summary>What a <see cref="DesktopHost.Run"/> did.</summary>
/// <param name="Frames">Frames stepped and rendered.</param>
/// <param name="FramesWritten">PNG frames written.</param>
/// <param name="QuitByUser">Whether Escape (<see cref="AppKeys.Quit"/>) or closing the window ended it.</param>
public readonly record struct DesktopHostRun(int Frames, int FramesWritten, bool QuitByUser);

/// <summary>
/// The desktop XR emulator's frame loop: each frame it reads the input (the window's mouse and keyboard through
/// <see cref="DesktopInput"/>, or, headless, a script), hands it to the renderer (<see cref="DesktopRenderer.BeginFrame"/>), calls
/// <see cref="IAppMode.Step"/>, renders from the head's camera (side-by-side stereo if on), then shows the frame in the window
/// and/or writes it as a PNG. Escape, or closing the window, ends an interactive run; F3 toggles stereo. Create, run and dispose on
/// one thread. Apart from PNG writing, a frame allocates nothing once the renderer's queues have grown.
/// </summary>
public sealed class DesktopHost : IDisposable
{
    private readonly byte[] pixels;
    private bool disposed;

    /// <summary>
    /// Opens the window (visible unless headless; a headless one is hidden and small, since rendering is offscreen) and the
    /// renderer. Throws <see cref="DesktopHostException"/> when there is no display, GLFW, driver or font.
    /// </summary>
    public DesktopHost(DesktopHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Window = options.Headless
            ? DesktopWindow.Open(64, 64, options.Title, visible: false)
            : DesktopWindow.Open(options.WidthPx, options.HeightPx, options.Title, visible: true);
        try
        {
            Renderer = new DesktopRenderer(Window.Gl, options.WidthPx, options.HeightPx, options.Samples);
        }
        catch
        {
            Window.Dispose();
            throw;
        }

        Stereo = options.Stereo;
        pixels = new byte[4 * options.WidthPx * options.HeightPx];
        if (!options.Headless)
        {
            Input = new DesktopInput(Window, options.Input, options.InitialHead, options.WidthPx, options.HeightPx);
        }
    }

    /// <summary>The options it runs with.</summary>
    public DesktopHostOptions Options { get; }

    /// <summary>The window (hidden when headless).</summary>
    public DesktopWindow Window { get; }

    /// <summary>The renderer, the <see cref="IHologramPort"/> modes draw to: upload meshes and create images through it before <see cref="Run"/>.</summary>
    public DesktopRenderer Renderer { get; }

    /// <summary>The mouse and keyboard reader of an interactive run; null when headless.</summary>
    public DesktopInput? Input { get; }

    /// <summary>Whether frames render as side-by-side stereo.</summary>
    public bool Stereo { get; set; }

    /// <summary>The last rendered frame, RGBA8 top row first (filled by <see cref="WriteFrame"/>).</summary>
    public ReadOnlySpan<byte> LastPixels => pixels;

    /// <summary>The input of a head standing still at <paramref name="head"/> with the pointer along its view and nothing pressed: what a headless run without a script sees.</summary>
    public InputFrame StillInput(int frameIndex, SimulatedHead head)
    {
        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(head, Options.Input);
        return new InputFrame(
            frameIndex / 60.0, worldFromHead, head.PositionWorldMm, Vector3.Normalize(-new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33)),
            400f, ButtonState.Up, ButtonState.Up, AppKeys.None);
    }

    /// <summary>
    /// Runs <paramref name="mode"/>: headless for <see cref="DesktopHostOptions.Frames"/> frames with <paramref name="script"/>'s input
    /// for each 0-based frame index (or a still head), or interactively until Escape, the window closing, or the frame count.
    /// Writes PNG frames as the options say. A frame whose input has <see cref="AppKeys.Quit"/> is the last; one with
    /// <see cref="AppKeys.ToggleStereo"/> flips <see cref="Stereo"/> before it renders.
    /// </summary>
    public DesktopHostRun Run(IAppMode mode, Func<int, InputFrame>? script = null)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Options.OutputFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var clock = Stopwatch.StartNew();
        int frames = 0, written = 0;
        bool quit = false;
        while (Options.Frames == 0 || frames < Options.Frames)
        {
            InputFrame input;
            if (Window.IsVisible)
            {
                // A scripted run in a window still answers the window system, and closing the window ends it.
                Window.PollEvents();
                if (Window.ShouldClose)
                {
                    quit = true;
                    break;
                }
            }

            input = Options.Headless || script is not null
                ? (script is not null ? script(frames) : StillInput(frames, Options.InitialHead))
                : Input!.Read(clock.Elapsed.TotalSeconds, Stereo);

            if ((input.KeysPressed & AppKeys.ToggleStereo) != 0)
            {
                Stereo = !Stereo;
            }

            StepAndRender(mode, input);
            frames++;
            if (Options.OutputFolder is not null && frames % Options.WriteEvery == 0)
            {
                WriteFrame(frames);
                written++;
            }

            if (Window.IsVisible)
            {
                (int w, int h) = Window.FramebufferSize();
                Renderer.BlitToFramebuffer(0, w, h);
                Window.SwapBuffers();
            }

            if ((input.KeysPressed & AppKeys.Quit) != 0)
            {
                quit = true;
                break;
            }
        }

        return new DesktopHostRun(frames, written, quit);
    }

    /// <summary>
    /// One frame without showing or writing it: <see cref="DesktopRenderer.BeginFrame"/>, the mode's step, and the render from
    /// <paramref name="input"/>'s head (stereo if <see cref="Stereo"/>). Allocates nothing once the queues have grown.
    /// </summary>
    public void StepAndRender(IAppMode mode, in InputFrame input)
    {
        ArgumentNullException.ThrowIfNull(mode);
        Renderer.BeginFrame(input);
        mode.Step(input, Renderer);
        if (Options.ShowHand ?? !Options.Headless)
        {
            DrawHand(input);
        }
        if (Stereo)
        {
            (ViewCamera left, ViewCamera right) = ViewCamera.StereoPair(input.WorldFromHead, Options.Input.VerticalFovDeg, Options.NearMm, Options.FarMm, Options.IpdMm);
            Renderer.RenderStereoFrame(left, right, Options.Background);
        }
        else
        {
            Renderer.RenderFrame(CameraFor(input), Options.Background);
        }
    }

    private void DrawHand(in InputFrame input)
    {
        const float halfMm = 6f, widthMm = 1.2f;
        Vector3 hand = input.HandWorldMm;
        RgbaColor color = input.Pinch.IsDown ? HandPinchColor : input.Grab.IsDown ? HandGrabColor : HandColor;
        var right = new Vector3(input.WorldFromHead.M11, input.WorldFromHead.M12, input.WorldFromHead.M13);
        var up = new Vector3(input.WorldFromHead.M21, input.WorldFromHead.M22, input.WorldFromHead.M23);
        Renderer.DrawLine(hand - right * halfMm, hand + right * halfMm, widthMm, color);
        Renderer.DrawLine(hand - up * halfMm, hand + up * halfMm, widthMm, color);
    }

    /// <summary>The hand's cross at rest.</summary>
    public static readonly RgbaColor HandColor = new(0.85f, 0.95f, 1f);

    /// <summary>The hand's cross while pinching.</summary>
    public static readonly RgbaColor HandPinchColor = new(0.3f, 1f, 0.5f);

    /// <summary>The hand's cross while grabbing.</summary>
    public static readonly RgbaColor HandGrabColor = new(1f, 0.75f, 0.2f);

    /// <summary>The camera a mono frame renders from for <paramref name="input"/> (for finding on screen where a World point lands).</summary>
    public ViewCamera CameraFor(in InputFrame input) => ViewCamera.FromHead(input.WorldFromHead, Options.Input.VerticalFovDeg, Options.NearMm, Options.FarMm);

    /// <summary>Reads the last rendered frame back and saves it as <c>frame-NNNNN.png</c> in the output folder. Allocates (the PNG).</summary>
    public string WriteFrame(int frameNumber)
    {
        string folder = Options.OutputFolder ?? throw new InvalidOperationException("Expected an OutputFolder to write frames into. Was none.");
        Renderer.ReadPixels(pixels);
        string path = Path.Combine(folder, FrameFileName(frameNumber));
        PngWriter.Save(path, pixels, Options.WidthPx, Options.HeightPx);
        return path;
    }

    /// <summary>The file name of a 1-based frame number: <c>frame-00001.png</c>.</summary>
    public static string FrameFileName(int frameNumber) => $"frame-{frameNumber:00000}.png";

    /// <summary>Disposes the renderer, then the window.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Renderer.Dispose();
        Window.Dispose();
    }
}
