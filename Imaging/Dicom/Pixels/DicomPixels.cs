using ArSpine.Imaging.Dicom.Series;

namespace ArSpine.Imaging.Dicom.Pixels;

/// <summary>Decodes the frames of one file to HU without assembling a volume (for single images, checks and tests).</summary>
public static class DicomPixels
{
    /// <summary>
    /// Every frame of <paramref name="file"/> in HU (rows × columns each, row by row), with its rescale. Needs only the Image Pixel module and
    /// the rescale, not the geometry. Reads the pixel data once; allocates the frames plus one compressed or native copy of the pixel data.
    /// </summary>
    public static short[][] ReadHu(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        PixelModule pixels = PixelModule.Parse(file.DataSet);
        IReadOnlyList<ReadOnlyMemory<byte>> bytes = FrameDecoder.ReadFrames(file, pixels);
        var words = new ushort[pixels.PixelsPerFrame];
        var frames = new short[pixels.Frames][];
        for (int f = 0; f < frames.Length; f++)
        {
            DicomDataSet? own = file.DataSet.Sequence(DicomTags.PerFrameFunctionalGroupsSequence) is { } perFrame && f < perFrame.Count ? perFrame[f] : null;
            (double slope, double intercept) = DicomFrame.Rescale(file, own, file.DataSet.FirstItem(DicomTags.SharedFunctionalGroupsSequence));
            var frame = new DicomFrame(file, f, pixels, default, default, default, 1, 1, null, slope, intercept);
            frames[f] = new short[pixels.PixelsPerFrame];
            FrameDecoder.Decode(frame, bytes[f], words, frames[f]);
        }

        return frames;
    }
}
