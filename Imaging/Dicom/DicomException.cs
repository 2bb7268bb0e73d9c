using ArSpine.Core.Errors;

namespace ArSpine.Imaging.Dicom;

/// <summary>
/// DICOM input that cannot be trusted. The message has the shape "FILE: NAME (gggg,eeee): expected X. Was 'Y'." and names the file,
/// the tag (when one is to blame) and the value found. The command line prints it without a stack trace and exits 2.
/// </summary>
public abstract class DicomException : InvalidInputException
{
    /// <summary>Creates the error for <paramref name="file"/> and optional <paramref name="tag"/>.</summary>
    protected DicomException(string file, uint? tag, string expected, string found, Exception? inner = null)
        : base(Compose(file, tag, expected, found), inner)
    {
        File = file;
        Tag = tag;
        Found = found;
    }

    /// <summary>The file (or folder) the error is about.</summary>
    public string File { get; }

    /// <summary>The tag to blame, as (group &lt;&lt; 16) | element; null when no single element is.</summary>
    public uint? Tag { get; }

    /// <summary>The value found, as text.</summary>
    public string Found { get; }

    private static string Compose(string file, uint? tag, string expected, string found) =>
        FieldMessage(file, tag is uint t ? DicomTags.Describe(t) : null, expected, found);
}

/// <summary>Bytes that are not well-formed DICOM: not a DICOM file, truncated, a length past the end of the file, a malformed value.</summary>
public sealed class DicomFormatException(string file, uint? tag, string expected, string found, Exception? inner = null)
    : DicomException(file, tag, expected, found, inner)
{
    /// <summary>True when the bytes do not start a DICOM file at all (rather than a DICOM file that is broken).</summary>
    public bool IsNotDicom { get; init; }
}

/// <summary>Well-formed DICOM that this reader does not decode: a transfer syntax, photometric interpretation or bit depth it does not support.</summary>
public sealed class DicomUnsupportedException(string file, uint? tag, string expected, string found)
    : DicomException(file, tag, expected, found);

/// <summary>
/// A codec's native library is not installed: a missing part of the machine, not bad input, so an <see cref="IOException"/> (the command
/// line exits 1). The message has the shape of a <see cref="DicomException"/>'s and names the library and the Debian package that provides it.
/// </summary>
public sealed class DicomCodecUnavailableException(string file, string library, string debianPackage, string codec, Exception? inner = null)
    : IOException(InvalidInputException.FieldMessage(
        file, DicomTags.Describe(DicomTags.TransferSyntaxUid), $"{library} to decode {codec} (install the Debian package {debianPackage})", $"not installed (could not load {library})"), inner)
{
    /// <summary>The native library that could not be loaded, such as libopenjp2.so.7.</summary>
    public string Library { get; } = library;

    /// <summary>The Debian package that provides it, such as libopenjp2-7.</summary>
    public string DebianPackage { get; } = debianPackage;
}

/// <summary>Geometry that cannot be trusted: missing or inconsistent spacing, position or orientation; missing, duplicated or unevenly spaced slices; gantry tilt.</summary>
public sealed class DicomGeometryException(string file, uint? tag, string expected, string found)
    : DicomException(file, tag, expected, found);

/// <summary>No series, or more than one, fits what was asked: a UID not found, two candidate series and no choice, a series that mixes sizes.</summary>
public sealed class DicomSeriesChoiceException(string file, uint? tag, string expected, string found)
    : DicomException(file, tag, expected, found);
