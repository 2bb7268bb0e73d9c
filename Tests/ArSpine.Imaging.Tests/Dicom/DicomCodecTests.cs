using ArSpine.Imaging.Dicom;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>Every codec on real files: compressed variants decode bit-identical to the uncompressed original or to an independent decoder.</summary>
public sealed class DicomCodecTests
{
    private const string Wg04 = "dicom/wg04";
    private const string PydicomData = "dicom/pydicom-data";

    [SharedDataTheory(Wg04)]
    [InlineData("CT1_RLE", "1.2.840.10008.1.2.5")]
    [InlineData("CT1_JPLL", "1.2.840.10008.1.2.4.70")]
    [InlineData("CT1_JLSL", "1.2.840.10008.1.2.4.80")]
    [InlineData("CT1_J2KR", "1.2.840.10008.1.2.4.90")]
    public void ReadHu_LosslessWg04Variant_BitIdenticalToUncompressed(string name, string transferSyntax)
    {
        string path = SharedData.PathOf($"{Wg04}/{name}");
        short[][] reference = DicomOracles.OurHu(SharedData.PathOf($"{Wg04}/CT1_UNC"));

        DicomFile file = DicomFile.ReadHeader(path);
        short[][] decoded = DicomOracles.OurHu(path);

        Assert.Equal(transferSyntax, file.TransferSyntaxUid);
        DicomOracles.AssertSameFrames(DicomOracles.AsInts(reference), decoded, name);
    }

    [SharedDataFact(Wg04)]
    public void ReadHu_Wg04Uncompressed_SameAsPydicom()
    {
        string path = SharedData.PathOf($"{Wg04}/CT1_UNC");

        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(path), DicomOracles.OurHu(path), "CT1_UNC");
    }

    [SharedDataTheory(Wg04)]
    [InlineData("CT1_JLSN", "dcmdjpls")]
    public void ReadHu_NearLosslessJpegLs_SameAsDcmtkDecoder(string name, string decompressor)
    {
        using var temp = new TemporaryFolder();
        string path = SharedData.PathOf($"{Wg04}/{name}");
        string decompressed = DicomOracles.Dcmtk(decompressor, path, temp.PathOf("plain.dcm"));

        short[][] ours = DicomOracles.OurHu(path);
        short[][] original = DicomOracles.OurHu(SharedData.PathOf($"{Wg04}/CT1_UNC"));

        DicomOracles.AssertSameFrames(DicomOracles.AsInts(DicomOracles.OurHu(decompressed)), ours, name);
        Assert.NotEqual(original[0], ours[0]);
    }

    [SharedDataTheory(PydicomData)]
    [InlineData("emri_small_big_endian.dcm")]
    [InlineData("emri_small_RLE.dcm")]
    [InlineData("emri_small_jpeg_2k_lossless.dcm")]
    [InlineData("emri_small_jpeg_ls_lossless.dcm")]
    public void ReadHu_MultiFrameMrVariant_SameTenFramesAsLittleEndianOriginal(string name)
    {
        short[][] reference = DicomOracles.OurHu(SharedData.PathOf($"{PydicomData}/emri_small.dcm"));

        short[][] decoded = DicomOracles.OurHu(SharedData.PathOf($"{PydicomData}/{name}"));

        Assert.Equal(10, reference.Length);
        DicomOracles.AssertSameFrames(DicomOracles.AsInts(reference), decoded, name);
    }

    [SharedDataFact(PydicomData)]
    public void ReadHu_MultiFrameMr_SameAsPydicom()
    {
        string path = SharedData.PathOf($"{PydicomData}/emri_small.dcm");

        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(path), DicomOracles.OurHu(path), "emri_small");
    }

    [SharedDataFact(PydicomData)]
    public void ReadHu_J2kWhoseBitsStoredDisagreesWithCodestream_SameAsUncompressed()
    {
        DicomFile j2k = DicomFile.ReadHeader(SharedData.PathOf($"{PydicomData}/693_J2KR.dcm"));
        DicomFile uncompressed = DicomFile.ReadHeader(SharedData.PathOf($"{PydicomData}/693_UNCR.dcm"));

        short[][] decoded = ArSpine.Imaging.Dicom.Pixels.DicomPixels.ReadHu(j2k);

        Assert.NotEqual(j2k.DataSet.Integer(DicomTags.BitsStored), uncompressed.DataSet.Integer(DicomTags.BitsStored));
        DicomOracles.AssertSameFrames(DicomOracles.AsInts(ArSpine.Imaging.Dicom.Pixels.DicomPixels.ReadHu(uncompressed)), decoded, "693_J2KR");
    }

    [SharedDataFact(PydicomData)]
    public void ReadHu_JpegLosslessNm_SameAsDcmtkDecoder()
    {
        using var temp = new TemporaryFolder();
        string path = SharedData.PathOf($"{PydicomData}/JPEG-LL.dcm");
        string decompressed = DicomOracles.Dcmtk("dcmdjpeg", path, temp.PathOf("plain.dcm"));

        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(decompressed), DicomOracles.OurHu(path), "JPEG-LL");
    }

    [SharedDataFact(PydicomData)]
    public void ReadHu_CtSmall_SameAsPydicom()
    {
        string path = SharedData.PathOf($"{PydicomData}/CT_small.dcm");

        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(path), DicomOracles.OurHu(path), "CT_small");
    }
}
