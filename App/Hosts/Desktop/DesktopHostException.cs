namespace ArSpine.App.Hosts.Desktop;

/// <summary>The desktop host could not start or render: a missing library, no display, an OpenGL context or shader that failed. The message says what was asked and what was found.</summary>
public sealed class DesktopHostException : HostException
{
    /// <summary>Creates the exception with its message.</summary>
    public DesktopHostException(string message)
        : base(message)
    {
    }
}
