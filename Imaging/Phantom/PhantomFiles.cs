using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Nifti;

namespace ArSpine.Imaging.Phantom;

/// <summary>
/// The files of a phantom folder: <c>dicom/</c> (one Explicit VR Little Endian CT file per slice), <c>ct.nii.gz</c> (HU, int16),
/// <c>labels.nii.gz</c> (VerSe numbering, uint8) and <c>truth.json</c> (levels, label ids, ideal axes in LPS mm).
/// </summary>
public static class PhantomFiles
{
    /// <summary>Folder of the DICOM series, inside the phantom folder.</summary>
    public const string DicomFolder = "dicom";

    /// <summary>The CT as NIfTI.</summary>
    public const string CtFile = "ct.nii.gz";

    /// <summary>The labels as NIfTI.</summary>
    public const string LabelsFile = "labels.nii.gz";

    /// <summary>The ground truth.</summary>
    public const string TruthFile = "truth.json";

    /// <summary>
    /// Writes every file of <paramref name="phantom"/> into <paramref name="folder"/>, replacing a phantom written there before
    /// (its <c>slice*.dcm</c> files are removed first; any other file in <c>dicom/</c> stops the write). Progress goes from 0 to 1.
    /// </summary>
    public static void Write(PhantomCase phantom, string folder, IProgress<double>? progress = null)
    {
        string dicom = Path.Combine(folder, DicomFolder);
        if (Directory.Exists(dicom))
        {
            foreach (string old in Directory.EnumerateFiles(dicom, "slice*.dcm"))
            {
                File.Delete(old);
            }
        }

        PhantomParameters parameters = phantom.Truth.Parameters;
        var info = new DicomSeriesInfo
        {
            UidSeed = $"arspine phantom seed {parameters.Seed} levels {string.Join(",", parameters.LevelIds)} curve {parameters.CurveDeg} {parameters.CurvePlane} rotation {parameters.RotationDeg} spacing {parameters.SpacingMm} size {phantom.Ct.Grid.SizeI}x{phantom.Ct.Grid.SizeJ}x{phantom.Ct.Grid.SizeK}",
            PatientName = "Phantom^Lumbar",
            PatientId = $"PHANTOM-{parameters.Seed}",
            StudyDescription = "ArSpine synthetic lumbar spine",
            SeriesDescription = $"Phantom {VertebraLevels.NameOf(parameters.LevelIds[0])}-{VertebraLevels.NameOf(parameters.LevelIds[^1])} seed {parameters.Seed}",
            StudyId = "1",
            KvpKv = 120,
            PatientPosition = "HFS",
        };
        CtSeriesWriter.Write(phantom.Ct, dicom, info);
        progress?.Report(0.5);
        NiftiWriter.WriteCt(phantom.Ct, Path.Combine(folder, CtFile));
        progress?.Report(0.8);
        NiftiWriter.WriteLabels(phantom.Labels, Path.Combine(folder, LabelsFile));
        phantom.Truth.Save(Path.Combine(folder, TruthFile));
        progress?.Report(1);
    }

    /// <summary>
    /// The truth and labels of a phantom folder written earlier with exactly <paramref name="parameters"/> by this generator, or
    /// null when the folder lacks them or holds a phantom made with other parameters or by another version of the generator.
    /// </summary>
    public static (PhantomTruth Truth, LabelVolume Labels)? TryReuse(string folder, PhantomParameters parameters)
    {
        string truthPath = Path.Combine(folder, TruthFile), labelsPath = Path.Combine(folder, LabelsFile);
        if (!File.Exists(truthPath) || !File.Exists(labelsPath) || !File.Exists(Path.Combine(folder, CtFile)))
        {
            return null;
        }

        PhantomTruth truth;
        try
        {
            truth = PhantomTruth.Load(truthPath);
        }
        catch (Core.Errors.InvalidInputException)
        {
            return null;
        }

        if (truth.GeneratorVersion != LumbarSpinePhantom.GeneratorVersion || !SameParameters(truth.Parameters, parameters))
        {
            return null;
        }

        var names = truth.Vertebrae.ToDictionary(v => v.LabelId, v => v.Name);
        return (truth, NiftiReader.ReadLabels(labelsPath, names));
    }

    private static bool SameParameters(PhantomParameters a, PhantomParameters b) =>
        (a with { LevelIds = b.LevelIds }) == b && a.LevelIds.SequenceEqual(b.LevelIds);
}
