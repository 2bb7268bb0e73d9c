using ArSpine.Core.Geometry;
using ArSpine.Core.Errors;
using ArSpine.Core.Plans;
using ArSpine.Core.Serialization;

namespace ArSpine.Core.Cases;

/// <summary>One vertebra of a case package: its level, its label id in VerSe numbering, and its mesh file.</summary>
/// <param name="Name">Level name, such as "L3".</param>
/// <param name="LabelId">VerSe label id, such as 22.</param>
/// <param name="MeshFile">Mesh file relative to the case folder (Ct frame, LPS mm).</param>
public sealed record CaseVertebra(string Name, int LabelId, string MeshFile);

/// <summary>
/// The patient reference marker the case is tracked with: a planar ArUco/AprilTag board (a single marker is a 1 × 1 board).
/// Its pose relative to the CT is not known before surgery; registration measures it.
/// </summary>
/// <param name="Dictionary">The marker dictionary as OpenCV spells it, such as "DICT_APRILTAG_36h11".</param>
/// <param name="Columns">Markers across the board.</param>
/// <param name="Rows">Markers down the board.</param>
/// <param name="MarkerLengthMm">The side of one marker's black square, mm.</param>
/// <param name="GapMm">The white gap between neighbouring markers, mm.</param>
/// <param name="FirstId">The id of the board's top-left marker; ids run row by row.</param>
public sealed record CaseMarker(string Dictionary, int Columns, int Rows, double MarkerLengthMm, double GapMm, int FirstId = 0);

/// <summary>A registration fiducial planned on the CT: a named anatomical point the surgeon touches with the tracked pointer.</summary>
/// <param name="Name">What the point is, such as "L3 spinous process tip".</param>
/// <param name="PositionCt">The point, Ct frame (LPS mm).</param>
public sealed record CaseFiducial(string Name, Vector3d PositionCt);

/// <summary>
/// A case package's index (<c>case.json</c>): everything the headset needs from the planning station. Paths are relative to
/// the case folder. <see cref="PatientLabel"/> is the only field that may identify the patient; the app never writes it to
/// logs or file names.
/// </summary>
/// <param name="PatientLabel">How the surgical team names the case (may identify the patient).</param>
/// <param name="Vertebrae">The segmented vertebrae and their meshes.</param>
/// <param name="Plan">The planned screws.</param>
/// <param name="CtFile">Optional CT volume for slice views, relative path.</param>
/// <param name="LabelsFile">Optional label volume, relative path.</param>
/// <param name="SkinMeshFile">Optional skin surface mesh (Ct frame, LPS mm), relative path.</param>
/// <param name="Marker">The patient reference marker; null when the case has none planned yet.</param>
/// <param name="Fiducials">Registration fiducials on the CT; empty when registration is by surface only.</param>
public sealed record SurgicalCase(
    string PatientLabel,
    IReadOnlyList<CaseVertebra> Vertebrae,
    SurgicalPlan Plan,
    string? CtFile = null,
    string? LabelsFile = null,
    string? SkinMeshFile = null,
    CaseMarker? Marker = null,
    IReadOnlyList<CaseFiducial>? Fiducials = null)
{
    /// <summary>The document format name written in the file's "format" field.</summary>
    public const string Format = "arspine.case";

    /// <summary>The schema version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The file name of a case package's index.</summary>
    public const string FileName = "case.json";

    /// <summary>
    /// Throws an <see cref="InvalidInputException"/> for the first inconsistency: a screw in a vertebra the case lacks, a repeated
    /// level, label id or file, a label id outside 1–255, a path that leaves the case folder, or a file name that holds the
    /// patient label (DESIGN.md, safety invariant 4).
    /// </summary>
    public void Validate(string source)
    {
        Plan.Validate(source);
        var names = new HashSet<string>();
        var ids = new HashSet<int>();
        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int v = 0; v < Vertebrae.Count; v++)
        {
            CaseVertebra vertebra = Vertebrae[v];
            if (!names.Add(vertebra.Name))
            {
                throw InvalidInputException.Field(source, $"vertebrae[{v}].name", "each level once", vertebra.Name);
            }

            if (vertebra.LabelId is < 1 or > 255 || !ids.Add(vertebra.LabelId))
            {
                throw InvalidInputException.Field(source, $"vertebrae[{v}].labelId", "a label id from 1 to 255, each once", vertebra.LabelId);
            }

            RequireFile(source, $"vertebrae[{v}].meshFile", vertebra.MeshFile, files);
        }

        RequireFile(source, "ctFile", CtFile, files);
        RequireFile(source, "labelsFile", LabelsFile, files);
        RequireFile(source, "skinMeshFile", SkinMeshFile, files);
        for (int s = 0; s < Plan.Screws.Count; s++)
        {
            if (!names.Contains(Plan.Screws[s].Vertebra))
            {
                throw InvalidInputException.Field(source, $"plan.screws[{s}].vertebra", $"one of the case's vertebrae ({string.Join(", ", names)})", Plan.Screws[s].Vertebra);
            }
        }
    }

    /// <summary>Saves <c>case.json</c> atomically into <paramref name="caseFolder"/>.</summary>
    public void Save(string caseFolder)
    {
        string path = Path.Combine(caseFolder, FileName);
        Validate(path);
        VersionedJson.Save(path, this, Format, Version);
    }

    /// <summary>Loads and validates <c>case.json</c> from a case folder.</summary>
    public static SurgicalCase Load(string caseFolder)
    {
        string path = Path.Combine(caseFolder, FileName);
        SurgicalCase loaded = VersionedJson.Load<SurgicalCase>(path, Format, Version);
        loaded.Validate(path);
        return loaded;
    }

    private void RequireFile(string source, string field, string? relativePath, HashSet<string> files)
    {
        if (relativePath is null)
        {
            return;
        }

        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath) || relativePath.Split('/', '\\').Contains(".."))
        {
            throw InvalidInputException.Field(source, field, "a path inside the case folder", relativePath);
        }

        if (!files.Add(relativePath))
        {
            throw InvalidInputException.Field(source, field, "a file that no other entry names", relativePath);
        }

        // Short labels ("A") would match ordinary names; a label of three or more characters must not appear in a file name.
        string label = PatientLabel.Trim();
        if (label.Length >= 3 && relativePath.Contains(label, StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidInputException.Field(source, field, "a file name without the patient label (no patient identifiers in file names)", "a name that holds patientLabel");
        }
    }
}
