using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.Registration.PointRegistration;

/// <summary>
/// Reads points from CSV: one point a row as <c>x,y,z</c> in mm. Blank lines and lines starting with <c>#</c> are
/// skipped, and a first row of names (such as <c>x,y,z</c>) is a header. Every malformed row is an error naming the file and line.
/// </summary>
public static class PointCsv
{
    /// <summary>Reads a CSV file of points in mm.</summary>
    public static IReadOnlyList<Vector3d> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: expected a readable CSV file of x,y,z points in mm. Was: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<Vector3d> Parse(string text, string source)
    {
        var points = new List<Vector3d>();
        string[] lines = text.Split('\n');
        bool firstDataLine = true;
        for (int l = 0; l < lines.Length; l++)
        {
            string line = lines[l].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] cells = line.Split(',', StringSplitOptions.TrimEntries);
            if (firstDataLine && cells.All(c => !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                firstDataLine = false;
                continue;
            }

            firstDataLine = false;
            if (cells.Length != 3)
            {
                throw InvalidInputException.Field(source, $"line {l + 1}", "three numbers x,y,z in mm", line);
            }

            var v = new double[3];
            for (int c = 0; c < 3; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out v[c]) || !double.IsFinite(v[c]))
                {
                    throw InvalidInputException.Field(source, $"line {l + 1}, column {"xyz"[c]}", "a finite number in mm", cells[c]);
                }
            }

            points.Add(new Vector3d(v[0], v[1], v[2]));
        }

        return points;
    }
}
