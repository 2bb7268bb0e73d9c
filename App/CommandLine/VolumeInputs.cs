using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Conversion;
using ArSpine.Imaging.Dicom.Series;
using ArSpine.Imaging.Nifti;

namespace ArSpine.App.CommandLine;

/// <summary>Opens the CT and label volumes named on the command line; a missing or unreadable input is an <see cref="InvalidInputException"/>.</summary>
internal static class VolumeInputs
{
    /// <summary>
    /// Reads a CT from a NIfTI file (<c>.nii</c> or <c>.nii.gz</c>) or a DICOM folder or file (the CT series with most slices),
    /// printing the DICOM reader's warnings (lossy pixels, other series, ...) on standard error.
    /// </summary>
    public static CtVolume ReadCt(string option, string path, IProgress<double>? progress = null)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw InvalidInputException.Field(path, option, "an existing NIfTI CT file or DICOM folder", "no such file or folder");
        }

        if (CtConversion.IsNifti(path))
        {
            return NiftiReader.ReadCt(path);
        }

        DicomVolume dicom = DicomVolumeReader.Read(path, new DicomReadOptions(), progress);
        foreach (string warning in dicom.Warnings)
        {
            Console.Error.WriteLine($"arspine: warning: {path}: {warning}");
        }

        return dicom.Ct;
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
