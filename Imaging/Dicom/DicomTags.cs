using System.Collections.Frozen;
using System.Globalization;

namespace ArSpine.Imaging.Dicom;

/// <summary>The DICOM tags this reader uses, as (group &lt;&lt; 16) | element, with their keywords and VRs (for Implicit VR data sets).</summary>
public static class DicomTags
{
#pragma warning disable CS1591 // The keywords are the standard's; each constant is documented by its name.
    public const uint FileMetaInformationGroupLength = 0x00020000;
    public const uint MediaStorageSopClassUid = 0x00020002;
    public const uint TransferSyntaxUid = 0x00020010;
    public const uint SpecificCharacterSet = 0x00080005;
    public const uint ImageType = 0x00080008;
    public const uint SopClassUid = 0x00080016;
    public const uint SopInstanceUid = 0x00080018;
    public const uint Modality = 0x00080060;
    public const uint SeriesDescription = 0x0008103E;
    public const uint SliceThickness = 0x00180050;
    public const uint SpacingBetweenSlices = 0x00180088;
    public const uint GantryDetectorTilt = 0x00181120;
    public const uint StudyInstanceUid = 0x0020000D;
    public const uint SeriesInstanceUid = 0x0020000E;
    public const uint SeriesNumber = 0x00200011;
    public const uint InstanceNumber = 0x00200013;
    public const uint ImagePositionPatient = 0x00200032;
    public const uint ImageOrientationPatient = 0x00200037;
    public const uint FrameOfReferenceUid = 0x00200052;
    public const uint FrameContentSequence = 0x00209111;
    public const uint PlanePositionSequence = 0x00209113;
    public const uint PlaneOrientationSequence = 0x00209116;
    public const uint SamplesPerPixel = 0x00280002;
    public const uint PhotometricInterpretation = 0x00280004;
    public const uint NumberOfFrames = 0x00280008;
    public const uint Rows = 0x00280010;
    public const uint Columns = 0x00280011;
    public const uint PixelSpacing = 0x00280030;
    public const uint BitsAllocated = 0x00280100;
    public const uint BitsStored = 0x00280101;
    public const uint HighBit = 0x00280102;
    public const uint PixelRepresentation = 0x00280103;
    public const uint RescaleIntercept = 0x00281052;
    public const uint RescaleSlope = 0x00281053;
    public const uint PixelMeasuresSequence = 0x00289110;
    public const uint PixelValueTransformationSequence = 0x00289145;
    public const uint SharedFunctionalGroupsSequence = 0x52009229;
    public const uint PerFrameFunctionalGroupsSequence = 0x52009230;
    public const uint PixelData = 0x7FE00010;
    public const uint Item = 0xFFFEE000;
    public const uint ItemDelimitationItem = 0xFFFEE00D;
    public const uint SequenceDelimitationItem = 0xFFFEE0DD;
#pragma warning restore CS1591

    private static readonly FrozenDictionary<uint, (string Keyword, string Vr)> Known = new Dictionary<uint, (string, string)>
    {
        [FileMetaInformationGroupLength] = ("FileMetaInformationGroupLength", "UL"),
        [MediaStorageSopClassUid] = ("MediaStorageSOPClassUID", "UI"),
        [TransferSyntaxUid] = ("TransferSyntaxUID", "UI"),
        [SpecificCharacterSet] = ("SpecificCharacterSet", "CS"),
        [ImageType] = ("ImageType", "CS"),
        [SopClassUid] = ("SOPClassUID", "UI"),
        [SopInstanceUid] = ("SOPInstanceUID", "UI"),
        [Modality] = ("Modality", "CS"),
        [SeriesDescription] = ("SeriesDescription", "LO"),
        [SliceThickness] = ("SliceThickness", "DS"),
        [SpacingBetweenSlices] = ("SpacingBetweenSlices", "DS"),
        [GantryDetectorTilt] = ("GantryDetectorTilt", "DS"),
        [StudyInstanceUid] = ("StudyInstanceUID", "UI"),
        [SeriesInstanceUid] = ("SeriesInstanceUID", "UI"),
        [SeriesNumber] = ("SeriesNumber", "IS"),
        [InstanceNumber] = ("InstanceNumber", "IS"),
        [ImagePositionPatient] = ("ImagePositionPatient", "DS"),
        [ImageOrientationPatient] = ("ImageOrientationPatient", "DS"),
        [FrameOfReferenceUid] = ("FrameOfReferenceUID", "UI"),
        [FrameContentSequence] = ("FrameContentSequence", "SQ"),
        [PlanePositionSequence] = ("PlanePositionSequence", "SQ"),
        [PlaneOrientationSequence] = ("PlaneOrientationSequence", "SQ"),
        [SamplesPerPixel] = ("SamplesPerPixel", "US"),
        [PhotometricInterpretation] = ("PhotometricInterpretation", "CS"),
        [NumberOfFrames] = ("NumberOfFrames", "IS"),
        [Rows] = ("Rows", "US"),
        [Columns] = ("Columns", "US"),
        [PixelSpacing] = ("PixelSpacing", "DS"),
        [BitsAllocated] = ("BitsAllocated", "US"),
        [BitsStored] = ("BitsStored", "US"),
        [HighBit] = ("HighBit", "US"),
        [PixelRepresentation] = ("PixelRepresentation", "US"),
        [RescaleIntercept] = ("RescaleIntercept", "DS"),
        [RescaleSlope] = ("RescaleSlope", "DS"),
        [PixelMeasuresSequence] = ("PixelMeasuresSequence", "SQ"),
        [PixelValueTransformationSequence] = ("PixelValueTransformationSequence", "SQ"),
        [SharedFunctionalGroupsSequence] = ("SharedFunctionalGroupsSequence", "SQ"),
        [PerFrameFunctionalGroupsSequence] = ("PerFrameFunctionalGroupsSequence", "SQ"),
        [PixelData] = ("PixelData", "OW"),
        [Item] = ("Item", "--"),
        [ItemDelimitationItem] = ("ItemDelimitationItem", "--"),
        [SequenceDelimitationItem] = ("SequenceDelimitationItem", "--"),
    }.ToFrozenDictionary();

    /// <summary>A tag as "(gggg,eeee)".</summary>
    public static string Format(uint tag) => string.Create(CultureInfo.InvariantCulture, $"({tag >> 16:X4},{tag & 0xffff:X4})");

    /// <summary>A tag as "Keyword (gggg,eeee)" when the keyword is known, else "(gggg,eeee)".</summary>
    public static string Describe(uint tag) => Known.TryGetValue(tag, out var known) ? $"{known.Keyword} {Format(tag)}" : Format(tag);

    /// <summary>The VR of a known tag (for Implicit VR data sets), or null.</summary>
    internal static string? VrOf(uint tag) => Known.TryGetValue(tag, out var known) ? known.Vr : null;
}
