using ArSpine.Core.Errors;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Markers;

/// <summary>The predefined ArUco and AprilTag dictionaries, named as OpenCV spells them (<c>DICT_6X6_250</c>, <c>DICT_APRILTAG_36h11</c>).</summary>
public static class MarkerDictionary
{
    /// <summary>Every accepted name, in OpenCV's spelling.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<PredefinedDictionaryType>().Select(OpenCvName).ToArray();

    /// <summary>The dictionary of an OpenCV name (case-insensitive); throws an <see cref="InvalidInputException"/> naming <paramref name="option"/> otherwise.</summary>
    public static PredefinedDictionaryType Parse(string name, string option = "--dict")
    {
        string wanted = Normalise(name);
        foreach (PredefinedDictionaryType type in Enum.GetValues<PredefinedDictionaryType>())
        {
            if (Normalise(type.ToString()) == wanted)
            {
                return type;
            }
        }

        throw InvalidInputException.Field(null, option, $"an OpenCV dictionary name ({string.Join(", ", Names)})", name);
    }

    /// <summary>OpenCV's name of a dictionary, such as <c>DICT_APRILTAG_36h11</c>.</summary>
    public static string OpenCvName(PredefinedDictionaryType type)
    {
        // OpenCvSharp spells DICT_6X6_250 as Dict6X6_250 and DICT_APRILTAG_36h11 as DictAprilTag_36h11.
        string s = type.ToString();
        string body = s.StartsWith("Dict", StringComparison.Ordinal) ? s[4..] : s;
        body = body.Replace("AprilTag", "APRILTAG_", StringComparison.Ordinal).Replace("ArucoOriginal", "ARUCO_ORIGINAL", StringComparison.Ordinal)
            .Replace("ArucoMip", "ARUCO_MIP_", StringComparison.Ordinal).Replace("__", "_", StringComparison.Ordinal);
        if (body.Length > 0 && char.IsDigit(body[0]))
        {
            int underscore = body.IndexOf('_');
            body = underscore > 0 ? body[..underscore] + "_" + body[(underscore + 1)..] : body;
        }

        return "DICT_" + body;
    }

    private static string Normalise(string s)
    {
        string upper = s.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        return upper.StartsWith("DICT", StringComparison.Ordinal) ? upper[4..] : upper;
    }
}
