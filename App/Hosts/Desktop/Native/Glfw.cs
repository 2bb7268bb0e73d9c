using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ArSpine.App.Hosts.Desktop.Native;

/// <summary>
/// P/Invoke bindings for Debian's GLFW 3.3 (<c>libglfw.so.3</c>, package <c>libglfw3</c>): only the calls the desktop host uses.
/// GLFW is not thread-safe: call these from one thread at a time (window creation, events and swaps on the host's thread).
/// </summary>
internal static unsafe partial class Glfw
{
    /// <summary>The shared library's file name, as the Debian package installs it.</summary>
    public const string LibraryName = "libglfw.so.3";

    /// <summary>GLFW's true.</summary>
    public const int True = 1;

    /// <summary>GLFW's false.</summary>
    public const int False = 0;

    /// <summary>Window hint: whether the window is shown on creation (GLFW_VISIBLE).</summary>
    public const int Visible = 0x00020004;

    /// <summary>Window hint: whether the user may resize the window (GLFW_RESIZABLE).</summary>
    public const int Resizable = 0x00020003;

    /// <summary>Context hint: requested OpenGL major version (GLFW_CONTEXT_VERSION_MAJOR).</summary>
    public const int ContextVersionMajor = 0x00022002;

    /// <summary>Context hint: requested OpenGL minor version (GLFW_CONTEXT_VERSION_MINOR).</summary>
    public const int ContextVersionMinor = 0x00022003;

    /// <summary>Context hint: forward-compatible context, no deprecated functions (GLFW_OPENGL_FORWARD_COMPAT).</summary>
    public const int OpenGlForwardCompat = 0x00022006;

    /// <summary>Context hint: OpenGL profile (GLFW_OPENGL_PROFILE).</summary>
    public const int OpenGlProfile = 0x00022008;

    /// <summary>Value of <see cref="OpenGlProfile"/>: the core profile (GLFW_OPENGL_CORE_PROFILE).</summary>
    public const int OpenGlCoreProfile = 0x00032001;

    /// <summary>Input mode: a key pressed and released between two polls still reads as pressed once (GLFW_STICKY_KEYS).</summary>
    public const int StickyKeys = 0x00033002;

    /// <summary>Input mode: a mouse button clicked between two polls still reads as pressed once (GLFW_STICKY_MOUSE_BUTTONS).</summary>
    public const int StickyMouseButtons = 0x00033003;

    /// <summary>Key or button state: pressed (GLFW_PRESS).</summary>
    public const int Press = 1;

    /// <summary>Key codes (GLFW_KEY_*) the simulated head and hand use.</summary>
    public static class Keys
    {
        /// <summary>GLFW_KEY_SPACE.</summary>
        public const int Space = 32;

        /// <summary>GLFW_KEY_A.</summary>
        public const int A = 65;

        /// <summary>GLFW_KEY_D.</summary>
        public const int D = 68;

        /// <summary>GLFW_KEY_E.</summary>
        public const int E = 69;

        /// <summary>GLFW_KEY_Q.</summary>
        public const int Q = 81;

        /// <summary>GLFW_KEY_S.</summary>
        public const int S = 83;

        /// <summary>GLFW_KEY_W.</summary>
        public const int W = 87;

        /// <summary>GLFW_KEY_M.</summary>
        public const int M = 77;

        /// <summary>GLFW_KEY_ESCAPE.</summary>
        public const int Escape = 256;

        /// <summary>GLFW_KEY_ENTER.</summary>
        public const int Enter = 257;

        /// <summary>GLFW_KEY_TAB.</summary>
        public const int Tab = 258;

        /// <summary>GLFW_KEY_BACKSPACE.</summary>
        public const int Backspace = 259;

        /// <summary>GLFW_KEY_F3.</summary>
        public const int F3 = 292;

        /// <summary>GLFW_KEY_LEFT_SHIFT.</summary>
        public const int LeftShift = 340;

        /// <summary>GLFW_KEY_RIGHT_SHIFT.</summary>
        public const int RightShift = 344;
    }

    /// <summary>Mouse button: left (GLFW_MOUSE_BUTTON_LEFT).</summary>
    public const int MouseButtonLeft = 0;

    /// <summary>Mouse button: right (GLFW_MOUSE_BUTTON_RIGHT).</summary>
    public const int MouseButtonRight = 1;

    /// <summary>Mouse button: middle (GLFW_MOUSE_BUTTON_MIDDLE).</summary>
    public const int MouseButtonMiddle = 2;

    private static nint scrollWindow;
    private static double scrollY;

    /// <summary>
    /// Starts adding up <paramref name="window"/>'s vertical scroll offsets (wheel notches, up positive) for <see cref="TakeScroll"/>;
    /// one window at a time (the last one installed). Call from the thread that polls events.
    /// </summary>
    public static void InstallScrollCallback(nint window)
    {
        scrollWindow = window;
        scrollY = 0;
        SetScrollCallback(window, &OnScroll);
    }

    /// <summary>The vertical scroll since the last call (notches, up positive), then zero. Allocates nothing.</summary>
    public static double TakeScroll()
    {
        double taken = scrollY;
        scrollY = 0;
        return taken;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnScroll(nint window, double xOffset, double yOffset)
    {
        if (window == scrollWindow)
        {
            scrollY += yOffset;
        }
    }

    private static string? lastError;

    /// <summary>The last message GLFW's error callback reported since <see cref="InstallErrorCallback"/>, or null.</summary>
    public static string? LastError => Volatile.Read(ref lastError);

    /// <summary>
    /// Loads <c>libglfw.so.3</c> once, so a missing library gives a message naming the Debian package instead of a bare DllNotFoundException.
    /// Cheap after the first call.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (!NativeLibrary.TryLoad(LibraryName, typeof(Glfw).Assembly, DllImportSearchPath.SafeDirectories, out _))
        {
            throw new DesktopHostException(
                $"Expected the GLFW 3 library '{LibraryName}' (Debian package libglfw3: apt-get install -y libglfw3). Was not found on the library path.");
        }
    }

    /// <summary>Routes GLFW errors into <see cref="LastError"/>; call before <see cref="Init"/>.</summary>
    public static void InstallErrorCallback()
    {
        Volatile.Write(ref lastError, null);
        SetErrorCallback(&OnError);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(int code, byte* description)
    {
        string text = Marshal.PtrToStringUTF8((nint)description) ?? "(no description)";
        Volatile.Write(ref lastError, $"GLFW error 0x{code:X5}: {text}");
    }

    /// <summary>Initializes GLFW (glfwInit); returns <see cref="True"/> on success. Connects to the X display.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwInit")]
    public static partial int Init();

    /// <summary>Destroys all windows and releases GLFW (glfwTerminate).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwTerminate")]
    public static partial void Terminate();

    /// <summary>Sets a hint for the next <see cref="CreateWindow"/> (glfwWindowHint).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwWindowHint")]
    public static partial void WindowHint(int hint, int value);

    /// <summary>Creates a window and its OpenGL context (glfwCreateWindow); returns 0 on failure. Size in screen coordinates.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);

    /// <summary>Destroys a window and its context (glfwDestroyWindow).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwDestroyWindow")]
    public static partial void DestroyWindow(nint window);

    /// <summary>Makes the window's context current on the calling thread (glfwMakeContextCurrent); 0 detaches.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwMakeContextCurrent")]
    public static partial void MakeContextCurrent(nint window);

    /// <summary>The address of an OpenGL function for the current context (glfwGetProcAddress), or 0.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string procName);

    /// <summary>Swaps the window's front and back buffers (glfwSwapBuffers).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwSwapBuffers")]
    public static partial void SwapBuffers(nint window);

    /// <summary>Processes pending window and input events (glfwPollEvents); main thread only.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwPollEvents")]
    public static partial void PollEvents();

    /// <summary>Non-zero once the user asked to close the window (glfwWindowShouldClose).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwWindowShouldClose")]
    public static partial int WindowShouldClose(nint window);

    /// <summary>Sets the error callback (glfwSetErrorCallback); returns the previous one.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwSetErrorCallback")]
    public static partial nint SetErrorCallback(delegate* unmanaged[Cdecl]<int, byte*, void> callback);

    /// <summary>The size of the window's default framebuffer, in pixels (glfwGetFramebufferSize).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwGetFramebufferSize")]
    public static partial void GetFramebufferSize(nint window, out int width, out int height);

    /// <summary>The last state of a key, <see cref="Press"/> or release (glfwGetKey).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwGetKey")]
    public static partial int GetKey(nint window, int key);

    /// <summary>The cursor position in screen coordinates from the window's top-left corner (glfwGetCursorPos).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwGetCursorPos")]
    public static partial void GetCursorPos(nint window, out double x, out double y);

    /// <summary>The last state of a mouse button, <see cref="Press"/> or release (glfwGetMouseButton).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwGetMouseButton")]
    public static partial int GetMouseButton(nint window, int button);

    /// <summary>Sets the window's scroll callback (glfwSetScrollCallback); returns the previous one. Called from <see cref="PollEvents"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwSetScrollCallback")]
    public static partial nint SetScrollCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);

    /// <summary>Sets an input mode of the window, such as <see cref="StickyKeys"/> (glfwSetInputMode).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwSetInputMode")]
    public static partial void SetInputMode(nint window, int mode, int value);

    /// <summary>The window's size in screen coordinates, the cursor's units (glfwGetWindowSize).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwGetWindowSize")]
    public static partial void GetWindowSize(nint window, out int width, out int height);

    /// <summary>Sets the swap interval of the current context, 0 for no vsync (glfwSwapInterval).</summary>
    [LibraryImport(LibraryName, EntryPoint = "glfwSwapInterval")]
    public static partial void SwapInterval(int interval);
}
