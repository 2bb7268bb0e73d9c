using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;

namespace ArSpine.App.CommandLine;

/// <summary>Opens the CT and label volumes named on the command line; a missing or unreadable input is an <see cref="InvalidInputException"/>.</summary>
internal static class VolumeInputs
{
    /// <summary>Reads a CT from a NIfTI file (<c>.nii</c> or <c>.nii.gz</c>). A DICOM folder is refused until this build reads DICOM series.</summary>
    public static CtVolume ReadCt(string option, string path)
    {
        if (Directory.Exists(path))
        {
            throw InvalidInputException.Field(path, option, "a NIfTI CT file (.nii or .nii.gz); this build does not read DICOM series yet", "a folder");
        }

        if (!File.Exists(path))
        {
            throw InvalidInputException.Field(path, option, "an existing NIfTI CT file", "no such file");
        }

        return NiftiReader.ReadCt(path);
    }

    /// <summary>Reads a label volume from a NIfTI file; labels 1–28 are named as VerSe vertebrae, others "label N".</summary>
    public static LabelVolume ReadLabels(string option, string path)
    {
        if (!File.Exists(path))
        {
            throw InvalidInputException.Field(path, option, "an existing NIfTI label file", "no such file");
        }

        return NiftiReader.ReadLabels(path);
    }
}
