namespace ArSpine.App.Hosts;

/// <summary>A host (desktop or headset) could not start or render. The message says what was asked and what was found; the command line prints it and exits 1.</summary>
public abstract class HostException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    protected HostException(string message)
        : base(message)
    {
    }
}
