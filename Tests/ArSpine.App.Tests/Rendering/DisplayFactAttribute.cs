namespace ArSpine.App.Tests.Rendering;

/// <summary>A fact that needs an X display for the desktop host's GLFW window; skipped, saying how to run it, where DISPLAY is unset.</summary>
public sealed class DisplayFactAttribute : FactAttribute
{
    /// <summary>Skips unless DISPLAY is set.</summary>
    public DisplayFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")))
        {
            Skip = "Skipped: needs an X display. Run as `xvfb-run -a dotnet test Tests/ArSpine.App.Tests` (Debian: xvfb, xauth, libglfw3, libgl1-mesa-dri).";
        }
    }
}

/// <summary>Tests that open GLFW windows run one at a time: GLFW is process-global and not thread-safe.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlfwCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "GLFW";
}
