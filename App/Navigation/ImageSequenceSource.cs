using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;

namespace ArSpine.App.Navigation;

/// <summary>
/// Replays a recorded image sequence: a folder of PNG or JPEG frames, in file-name order, seen by a camera with a known calibration
/// standing still at <see cref="WorldFromCamera"/>. One frame per <see cref="FrameIntervalS"/> of the app's clock; at the end it
/// starts again when <see cref="Loop"/>, otherwise it reports the end.
/// </summary>
public sealed class ImageSequenceSource : ICameraFrameSource
{
    private readonly string[] files;
    private int next;
    private double nextDueS = double.NegativeInfinity;

    /// <summary>Lists the frames in <paramref name="folder"/>; throws an <see cref="InvalidInputException"/> naming the folder when it holds none.</summary>
    public ImageSequenceSource(string folder, CameraIntrinsics camera, RigidTransform worldFromCamera, double frameIntervalS = 1.0 / 30, bool loop = true)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentOutOfRangeException.ThrowIfNegative(frameIntervalS);
        if (!Directory.Exists(folder))
        {
            throw new InvalidInputException($"{folder}: expected a folder of PNG or JPEG frames. Was: no such folder.");
        }

        files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new InvalidInputException($"{folder}: expected a folder of PNG or JPEG frames. Was: no .png, .jpg or .jpeg file in it.");
        }

        Camera = camera;
        WorldFromCamera = worldFromCamera;
        FrameIntervalS = frameIntervalS;
        Loop = loop;
        Name = $"Recorded sequence ({files.Length} frames)";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public CameraIntrinsics? Camera { get; }

    /// <summary>Where the recording camera stood, Camera to World mm.</summary>
    public RigidTransform WorldFromCamera { get; }

    /// <summary>App time between replayed frames, s (0: one frame per call).</summary>
    public double FrameIntervalS { get; }

    /// <summary>Whether the replay starts again after the last frame.</summary>
    public bool Loop { get; }

    /// <summary>The frame files in replay order.</summary>
    public IReadOnlyList<string> Files => files;

    /// <inheritdoc/>
    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        double now = clock.NowS;
        if (now < nextDueS)
        {
            return false;
        }

        if (next == files.Length)
        {
            if (!Loop)
            {
                throw new NavigationSourceException($"The recorded sequence ended after {files.Length} frames.");
            }

            next = 0;
        }

        frame = new CameraFrame(now, MarkerDetector.ReadImage(files[next++]), WorldFromCamera);
        nextDueS = now + FrameIntervalS;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
