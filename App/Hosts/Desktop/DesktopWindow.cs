using System.Numerics;
using ArSpine.App.Hosts.Desktop.Native;
using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// A GLFW window with an OpenGL 3.3 core, forward-compatible context, current on the thread that opened it: visible for the
/// desktop emulator, hidden for headless rendering (which still needs an X display: run under <c>xvfb-run -a</c>).
/// GLFW is initialized with the first window and stays initialized until <see cref="ShutDownGlfw"/>: reconnecting to the display
/// for every window would race Xvfb, which resets (refusing connections for a moment) when its last client leaves.
/// Open, poll and dispose from one thread.
/// </summary>
public sealed class DesktopWindow : IDisposable
{
    private static readonly Lock GlfwLock = new();
    private static int openWindows;
    private static bool glfwInitialized;
    private nint handle;

    private DesktopWindow(nint handle, GL gl, bool visible)
    {
        this.handle = handle;
        Gl = gl;
        IsVisible = visible;
    }

    /// <summary>The OpenGL entry points of this window's context (loaded through glfwGetProcAddress).</summary>
    public GL Gl { get; }

    /// <summary>Whether the window is shown (false: headless).</summary>
    public bool IsVisible { get; }

    /// <summary>The context's GL_RENDERER string, such as "llvmpipe (LLVM 15.0.6, 256 bits)" under Xvfb with Mesa.</summary>
    public string RendererName => Gl.GetStringS(StringName.Renderer) ?? "(unknown)";

    /// <summary>The context's GL_VERSION string.</summary>
    public string VersionName => Gl.GetStringS(StringName.Version) ?? "(unknown)";

    /// <summary>Whether the user asked to close the window (always false for a hidden one).</summary>
    public bool ShouldClose => Glfw.WindowShouldClose(Handle) != 0;

    private nint Handle => handle != 0 ? handle : throw new ObjectDisposedException(nameof(DesktopWindow));

    /// <summary>
    /// Opens a window <paramref name="widthPx"/> × <paramref name="heightPx"/> (screen coordinates) and makes its context current.
    /// Throws <see cref="DesktopHostException"/> naming the missing package, or what was asked and whether DISPLAY is set. Costs
    /// a display connection and context creation (tens of milliseconds with Mesa).
    /// </summary>
    public static DesktopWindow Open(int widthPx, int heightPx, string title, bool visible)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heightPx);
        ArgumentNullException.ThrowIfNull(title);
        lock (GlfwLock)
        {
            Glfw.EnsureLoaded();
            if (!glfwInitialized)
            {
                Glfw.InstallErrorCallback();
                if (Glfw.Init() != Glfw.True)
                {
                    throw new DesktopHostException($"Expected GLFW to initialize (it connects to the X display). Was refused: {Glfw.LastError}. {DisplayState()}");
                }

                glfwInitialized = true;
            }

            Glfw.WindowHint(Glfw.ContextVersionMajor, 3);
            Glfw.WindowHint(Glfw.ContextVersionMinor, 3);
            Glfw.WindowHint(Glfw.OpenGlProfile, Glfw.OpenGlCoreProfile);
            Glfw.WindowHint(Glfw.OpenGlForwardCompat, Glfw.True);
            Glfw.WindowHint(Glfw.Visible, visible ? Glfw.True : Glfw.False);
            Glfw.WindowHint(Glfw.Resizable, Glfw.True);
            nint window = Glfw.CreateWindow(widthPx, heightPx, title, 0, 0);
            if (window == 0)
            {
                string reason = Glfw.LastError ?? "no reason given";
                throw new DesktopHostException(
                    $"Expected a {(visible ? "visible" : "hidden")} {widthPx} × {heightPx} window with an OpenGL 3.3 core forward-compatible context. " +
                    $"Was refused: {reason}. {DisplayState()} (Mesa's libgl1-mesa-dri provides the software driver.)");
            }

            openWindows++;
            Glfw.MakeContextCurrent(window);
            Glfw.SwapInterval(visible ? 1 : 0);
            GL gl = GL.GetApi(name => Glfw.GetProcAddress(name));
            return new DesktopWindow(window, gl, visible);
        }
    }

    /// <summary>Makes this window's context current on the calling thread (needed before GL calls from another thread).</summary>
    public void MakeCurrent() => Glfw.MakeContextCurrent(Handle);

    /// <summary>The size of the window's default framebuffer, pixels (differs from the window size on scaled displays).</summary>
    public (int WidthPx, int HeightPx) FramebufferSize()
    {
        Glfw.GetFramebufferSize(Handle, out int width, out int height);
        return (width, height);
    }

    /// <summary>Shows the back buffer (vsync for a visible window).</summary>
    public void SwapBuffers() => Glfw.SwapBuffers(Handle);

    /// <summary>Processes pending window and input events; call once per frame from the thread that opened the window.</summary>
    public void PollEvents() => Glfw.PollEvents();

    /// <summary>Whether a key (a GLFW key code, see <c>Glfw.Keys</c>) was down at the last <see cref="PollEvents"/>.</summary>
    public bool IsKeyDown(int glfwKey) => Glfw.GetKey(Handle, glfwKey) == Glfw.Press;

    /// <summary>Whether a mouse button (0 left, 1 right, 2 middle) was down at the last <see cref="PollEvents"/>.</summary>
    public bool IsMouseButtonDown(int button) => Glfw.GetMouseButton(Handle, button) == Glfw.Press;

    /// <summary>The window's size in screen coordinates (the units of <see cref="CursorPosition"/>).</summary>
    public (int Width, int Height) WindowSize()
    {
        Glfw.GetWindowSize(Handle, out int width, out int height);
        return (width, height);
    }

    /// <summary>Makes keys and mouse buttons sticky: one pressed and released between two <see cref="PollEvents"/> still reads as down once, so a quick click is not lost.</summary>
    public void EnableStickyInput()
    {
        Glfw.SetInputMode(Handle, Glfw.StickyKeys, Glfw.True);
        Glfw.SetInputMode(Handle, Glfw.StickyMouseButtons, Glfw.True);
    }

    /// <summary>Starts collecting this window's scroll wheel for <see cref="TakeScroll"/> (one window at a time).</summary>
    public void EnableScroll() => Glfw.InstallScrollCallback(Handle);

    /// <summary>The scroll wheel's vertical movement since the last call, notches (up positive), collected during <see cref="PollEvents"/>.</summary>
    public float TakeScroll() => (float)Glfw.TakeScroll();

    /// <summary>The cursor position in screen coordinates from the window's top-left corner, x right, y down.</summary>
    public Vector2 CursorPosition()
    {
        Glfw.GetCursorPos(Handle, out double x, out double y);
        return new Vector2((float)x, (float)y);
    }

    /// <summary>Destroys the window and its context (dispose renderers first). GLFW stays initialized.</summary>
    public void Dispose()
    {
        lock (GlfwLock)
        {
            if (handle == 0)
            {
                return;
            }

            Glfw.DestroyWindow(handle);
            handle = 0;
            Gl.Dispose();
            openWindows--;
        }
    }

    /// <summary>Terminates GLFW, closing the display connection, once every window is disposed; call at the end of the program's main thread. A later <see cref="Open"/> initializes it again.</summary>
    public static void ShutDownGlfw()
    {
        lock (GlfwLock)
        {
            if (openWindows != 0)
            {
                throw new InvalidOperationException($"Expected every window disposed before GLFW shuts down. Was {openWindows} still open.");
            }

            if (glfwInitialized)
            {
                Glfw.Terminate();
                glfwInitialized = false;
            }
        }
    }

    private static string DisplayState()
    {
        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        return string.IsNullOrEmpty(display)
            ? "DISPLAY is not set: run under an X server, for headless use `xvfb-run -a <command>` (Debian packages xvfb, xauth)."
            : $"DISPLAY is '{display}'.";
    }
}
