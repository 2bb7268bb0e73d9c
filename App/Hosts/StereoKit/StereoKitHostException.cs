namespace ArSpine.App.Hosts.StereoKit;

/// <summary>The headset host could not start: no OpenXR runtime or graphics device, or a camera that could not be opened. The message says what was asked and what was found.</summary>
public sealed class StereoKitHostException : HostException
{
    /// <summary>Creates the exception with its message.</summary>
    public StereoKitHostException(string message)
        : base(message)
    {
    }
}
