using ArSpine.App.Tests.Rendering;

namespace ArSpine.App.Tests.Hosts;

/// <summary>A fact that types into a real window with xdotool: skipped, saying why, without an X display or without xdotool.</summary>
public sealed class XdotoolFactAttribute : FactAttribute
{
    /// <summary>Where Debian's xdotool package installs it.</summary>
    public const string Path = "/usr/bin/xdotool";

    /// <summary>Skips unless DISPLAY is set and xdotool is installed.</summary>
    public XdotoolFactAttribute()
    {
        if (new DisplayFactAttribute().Skip is { } noDisplay)
        {
            Skip = noDisplay;
        }
        else if (!File.Exists(Path))
        {
            Skip = "Skipped: needs xdotool (Debian package xdotool) to send keys and clicks to the window.";
        }
    }
}

/// <summary>A theory that needs an X display: skipped, saying how to run it, where DISPLAY is unset.</summary>
public sealed class DisplayTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips unless DISPLAY is set.</summary>
    public DisplayTheoryAttribute()
    {
        Skip = new DisplayFactAttribute().Skip;
    }
}
