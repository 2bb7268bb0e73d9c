using ArSpine.Imaging.Dicom;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>
/// 8- and 12-bit images (made with pydicom from CT_small) compressed by dcmtk's encoders, decoded by us and by dcmtk's decoders:
/// JPEG baseline and extended (lossy: compared with dcmtk's own decoding), JPEG lossless with every predictor, JPEG-LS and RLE of 8-bit data.
/// </summary>
public sealed class DicomEncodedByDcmtkTests
{
    private const string CtSmall = "dicom/pydicom-data/CT_small.dcm";

    private const string MakeScript = """
        import sys, numpy as np, pydicom
        ds = pydicom.dcmread(sys.argv[1]); bits = int(sys.argv[3])
        px = ds.pixel_array.astype(np.int32)
        px = ((px - px.min()) * ((1 << bits) - 1) // max(1, px.max() - px.min())).astype(np.uint8 if bits == 8 else np.uint16)
        ds.BitsAllocated = 8 if bits == 8 else 16; ds.BitsStored = bits; ds.HighBit = bits - 1; ds.PixelRepresentation = 0
        ds.RescaleIntercept = -1000; ds.RescaleSlope = 2
        ds.PixelData = px.tobytes(); ds['PixelData'].VR = 'OB' if bits == 8 else 'OW'
        ds.save_as(sys.argv[2], write_like_original=False)
        """;

    [SharedDataTheory(CtSmall)]
    [InlineData(8, "dcmcjpeg", "+e1", "dcmdjpeg", "1.2.840.10008.1.2.4.70")]
    [InlineData(12, "dcmcjpeg", "+e1", "dcmdjpeg", "1.2.840.10008.1.2.4.70")]
    [InlineData(8, "dcmcjpls", "+el", "dcmdjpls", "1.2.840.10008.1.2.4.80")]
    [InlineData(12, "dcmcjpls", "+el", "dcmdjpls", "1.2.840.10008.1.2.4.80")]
    [InlineData(8, "dcmcrle", "", "dcmdrle", "1.2.840.10008.1.2.5")]
    public void ReadHu_LosslessEncodedByDcmtk_SameAsDcmtkDecoded(int bits, string encoder, string option, string decoder, string transferSyntax)
    {
        (short[][] ours, int[][] theirs) = EncodeAndDecode(bits, encoder, option, decoder, transferSyntax, out _);

        DicomOracles.AssertSameFrames(theirs, ours, $"{encoder} {option}");
        Assert.True(ours[0].Distinct().Count() > 50, "the image should have many grey levels");
    }

    [SharedDataTheory(CtSmall)]
    [InlineData(8, "+eb", "1.2.840.10008.1.2.4.50")]
    [InlineData(12, "+ee", "1.2.840.10008.1.2.4.51")]
    public void ReadHu_LossyJpegEncodedByDcmtk_WithinOneStoredLevelOfDcmtkDecoded(int bits, string option, string transferSyntax)
    {
        (short[][] ours, int[][] theirs) = EncodeAndDecode(bits, "dcmcjpeg", option, "dcmdjpeg", transferSyntax, out double slope);

        // Two conforming IDCTs may differ by one stored level; clamping keeps dark and bright edges from wrapping around.
        int worst = 0;
        for (int n = 0; n < ours[0].Length; n++)
        {
            worst = Math.Max(worst, Math.Abs(ours[0][n] - theirs[0][n]));
        }

        Assert.True(worst <= Math.Ceiling(slope), $"largest difference {worst} HU, more than one stored level ({slope} HU)");
        Assert.True(ours[0].Distinct().Count() > 50, "the image should have many grey levels");
    }

    [SharedDataTheory(CtSmall)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void ReadHu_JpegLosslessWithEachPredictor_SameAsDcmtkDecoded(int predictor)
    {
        string sv = predictor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (short[][] ours, int[][] theirs) = EncodeAndDecode(12, "dcmcjpeg", "+el", "dcmdjpeg", "1.2.840.10008.1.2.4.57", out _, "+sv", sv);

        DicomOracles.AssertSameFrames(theirs, ours, $"predictor {predictor}");
    }

    [SharedDataTheory("dicom/wg04/CT1_UNC")]
    [InlineData("4")]
    [InlineData("7")]
    public void ReadHu_SignedSixteenBitCtLosslessWithPredictor_BitIdenticalToUncompressed(string predictor)
    {
        using var temp = new TemporaryFolder();
        string original = SharedData.PathOf("dicom/wg04/CT1_UNC");
        string encoded = DicomOracles.Dcmtk("dcmcjpeg", original, temp.PathOf("encoded.dcm"), "+el", "+sv", predictor);

        short[][] ours = DicomOracles.OurHu(encoded);

        DicomOracles.AssertSameFrames(DicomOracles.AsInts(DicomOracles.OurHu(original)), ours, $"CT1 predictor {predictor}");
    }

    private static (short[][] Ours, int[][] Theirs) EncodeAndDecode(int bits, string encoder, string option, string decoder, string transferSyntax, out double slope, params string[] more)
    {
        using var temp = new TemporaryFolder();
        string plain = temp.PathOf("plain.dcm");
        ExternalTool.RunPython(MakeScript, SharedData.PathOf(CtSmall), plain, bits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string encoded = option.Length == 0 ? DicomOracles.Dcmtk(encoder, plain, temp.PathOf("encoded.dcm")) : DicomOracles.Dcmtk(encoder, plain, temp.PathOf("encoded.dcm"), [option, .. more]);
        string decoded = DicomOracles.Dcmtk(decoder, encoded, temp.PathOf("decoded.dcm"));
        DicomFile file = DicomFile.ReadHeader(encoded);
        Assert.Equal(transferSyntax, file.TransferSyntaxUid);
        slope = file.DataSet.Decimals(DicomTags.RescaleSlope)![0];
        return (DicomOracles.OurHu(encoded), DicomOracles.PydicomHu(decoded));
    }
}
