using ArSpine.Core.Errors;
using OpenCvSharp;

namespace ArSpine.App.CommandLine;

/// <summary>Turns OpenCV's failures into the command line's two kinds of error: bad input (exit 2) and a missing system part (exit 1).</summary>
internal static class OpenCvErrors
{
    /// <summary>Runs <paramref name="action"/>; an OpenCV error on <paramref name="input"/> becomes an <see cref="InvalidInputException"/>, a native library that cannot load an <see cref="IOException"/> naming the Debian package.</summary>
    public static int Guard(string input, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (OpenCVException e)
        {
            throw new InvalidInputException($"{input}: OpenCV could not process it: {e.ErrMsg?.Split('\n')[0]}", e);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or OpenCvSharpException)
        {
            throw new IOException($"OpenCV's native library could not be loaded ({e.GetBaseException().Message.Split('\n')[0]}); on Debian it needs libgtk-3-0 (./arspine installs it).", e);
        }
    }
}
