using ArSpine.Imaging.Dicom;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>The same data sets written by dcmtk's dcmconv in every uncompressed transfer syntax, with and without meta group and lengths.</summary>
public sealed class DicomSyntaxTests
{
    private const string CtSmall = "dicom/pydicom-data/CT_small.dcm";
    private const string EnhancedCt = "dicom/pydicom-data/eCT_Supplemental.dcm";

    [SharedDataTheory(CtSmall)]
    [InlineData("+ti", "1.2.840.10008.1.2")]
    [InlineData("+te", "1.2.840.10008.1.2.1")]
    [InlineData("+tb", "1.2.840.10008.1.2.2")]
    [InlineData("+td", "1.2.840.10008.1.2.1.99")]
    public void ReadHeader_CtSmallRewrittenInSyntax_SameHeaderAndHu(string option, string transferSyntax)
    {
        using var temp = new TemporaryFolder();
        string original = SharedData.PathOf(CtSmall);
        string rewritten = DicomOracles.Dcmtk("dcmconv", original, temp.PathOf("rewritten.dcm"), option, "-e");

        DicomFile file = DicomFile.ReadHeader(rewritten);
        DicomFile reference = DicomFile.ReadHeader(original);

        Assert.Equal(transferSyntax, file.TransferSyntaxUid);
        AssertSameHeader(reference.DataSet, file.DataSet);
        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(original), DicomOracles.OurHu(rewritten), option);
    }

    [SharedDataTheory(CtSmall)]
    [InlineData("+ti")]
    [InlineData("+te")]
    public void ReadHeader_DataSetWithoutPreambleOrMetaGroup_ReadAsItsSyntax(string option)
    {
        using var temp = new TemporaryFolder();
        string original = SharedData.PathOf(CtSmall);
        string bare = DicomOracles.Dcmtk("dcmconv", original, temp.PathOf("bare.dcm"), option, "-F");

        DicomFile file = DicomFile.ReadHeader(bare);

        Assert.False(file.Meta.Tags.Any());
        Assert.NotEqual("DICM"u8.ToArray(), File.ReadAllBytes(bare).AsSpan(128, 4).ToArray());
        AssertSameHeader(DicomFile.ReadHeader(original).DataSet, file.DataSet);
        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(original), DicomOracles.OurHu(bare), option);
    }

    [SharedDataTheory(EnhancedCt)]
    [InlineData("+e")]
    [InlineData("-e")]
    [InlineData("+ti")]
    public void ReadHeader_EnhancedCtWithDefinedOrUndefinedLengths_SameFunctionalGroups(string option)
    {
        using var temp = new TemporaryFolder();
        string rewritten = DicomOracles.Dcmtk("dcmconv", SharedData.PathOf(EnhancedCt), temp.PathOf("rewritten.dcm"), option);

        DicomDataSet ds = DicomFile.ReadHeader(rewritten).DataSet;
        DicomDataSet reference = DicomFile.ReadHeader(SharedData.PathOf(EnhancedCt)).DataSet;

        IReadOnlyList<DicomDataSet> frames = ds.Sequence(DicomTags.PerFrameFunctionalGroupsSequence);
        Assert.Equal(2, frames.Count);
        for (int f = 0; f < frames.Count; f++)
        {
            Assert.Equal(
                reference.Sequence(DicomTags.PerFrameFunctionalGroupsSequence)[f].FirstItem(DicomTags.PlanePositionSequence)!.Decimals(DicomTags.ImagePositionPatient),
                frames[f].FirstItem(DicomTags.PlanePositionSequence)!.Decimals(DicomTags.ImagePositionPatient));
        }

        DicomOracles.AssertSameFrames(DicomOracles.PydicomHu(SharedData.PathOf(EnhancedCt)), DicomOracles.OurHu(rewritten), option);
    }

    [SharedDataFact(CtSmall)]
    public void ReadHeader_ImageFile_KeepsOnlyWherePixelsAre()
    {
        DicomFile file = DicomFile.ReadHeader(SharedData.PathOf(CtSmall));

        Assert.True(file.HasPixelData);
        Assert.False(file.DataSet.Contains(DicomTags.PixelData));
        Assert.Equal(128 * 128 * 2, file.PixelData!.Value.Length);
        Assert.True(file.PixelData.Value.Offset + file.PixelData.Value.Length <= file.Length);
    }

    [Theory]
    [InlineData("ISO_IR 100", "Müller^Jörg", 28591)]
    [InlineData("ISO_IR 192", "Müller^Jörg=山田^太郎", 65001)]
    public void String_PersonNameInSpecificCharacterSet_Decoded(string characterSet, string name, int codePage)
    {
        byte[] text = System.Text.Encoding.GetEncoding(codePage).GetBytes(name);
        byte[] dataSet = [.. BadDicomCatalogue.Element(DicomTags.SpecificCharacterSet, "CS", System.Text.Encoding.ASCII.GetBytes(characterSet)),
            .. BadDicomCatalogue.Element(0x00100010, "PN", text)];

        DicomFile file = DicomFile.Parse(BadDicomCatalogue.DataSetFile(dataSet), "names.dcm");

        Assert.Equal(name, file.DataSet.String(0x00100010));
    }

    [Fact]
    public void Parse_PrivateSequencesOfUndefinedLength_SkippedAndTheNextElementRead()
    {
        // Explicit VR: a private UN element of undefined length (Implicit VR inside), then a private SQ, then Modality.
        byte[] implicitItem = [.. BadDicomCatalogue.Tag(0x00091011), 4, 0, 0, 0, (byte)'A', (byte)'B', (byte)'C', (byte)'D'];
        byte[] unknown = [.. BadDicomCatalogue.Tag(0x00091010), (byte)'U', (byte)'N', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            .. BadDicomCatalogue.Item(implicitItem), 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        byte[] privateSequence = BadDicomCatalogue.Sequence(0x00291010, BadDicomCatalogue.Item(BadDicomCatalogue.Element(0x00291011, "LO", "SIEMENS"u8)));
        byte[] dataSet = [.. unknown, .. privateSequence, .. BadDicomCatalogue.Element(DicomTags.Modality, "CS", "CT"u8)];

        DicomFile file = DicomFile.Parse(BadDicomCatalogue.DataSetFile(dataSet), "private.dcm");

        Assert.Equal("CT", file.DataSet.String(DicomTags.Modality));
        Assert.Equal("ABCD", file.DataSet.Sequence(0x00091010)[0].String(0x00091011));
        Assert.Equal("SIEMENS", file.DataSet.Sequence(0x00291010)[0].String(0x00291011));
        Assert.True(file.HasPixelData);
    }

    [Fact]
    public void Parse_ImplicitVrPrivateSequenceOfDefinedLength_RecognisedByItsItems()
    {
        byte[] item = BadDicomCatalogue.Item([.. BadDicomCatalogue.Tag(0x00091011), 2, 0, 0, 0, (byte)'O', (byte)'K']);
        byte[] sequence = [.. BadDicomCatalogue.Tag(0x00091010), .. BitConverter.GetBytes((uint)item.Length), .. item];
        byte[] modality = [.. BadDicomCatalogue.Tag(DicomTags.Modality), 2, 0, 0, 0, (byte)'M', (byte)'R'];
        byte[] bytes = [.. sequence, .. modality];

        DicomFile file = DicomFile.Parse([.. BadDicomCatalogue.Tag(0x00080016), 2, 0, 0, 0, (byte)'1', 0, .. bytes], "implicit.dcm");

        Assert.Equal(DicomTransferSyntax.ImplicitVrLittleEndian.Uid, file.TransferSyntaxUid);
        Assert.Equal("MR", file.DataSet.String(DicomTags.Modality));
        Assert.Equal("OK", file.DataSet.Sequence(0x00091010)[0].String(0x00091011));
    }

    private static void AssertSameHeader(DicomDataSet expected, DicomDataSet actual)
    {
        foreach (uint tag in new[] { DicomTags.SopInstanceUid, DicomTags.SeriesInstanceUid, DicomTags.Modality, DicomTags.ImagePositionPatient, DicomTags.ImageOrientationPatient, DicomTags.PixelSpacing, DicomTags.RescaleIntercept })
        {
            Assert.Equal(expected.String(tag), actual.String(tag));
        }

        foreach (uint tag in new[] { DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated, DicomTags.BitsStored, DicomTags.HighBit, DicomTags.PixelRepresentation })
        {
            Assert.Equal(expected.Integer(tag), actual.Integer(tag));
        }

        Assert.NotNull(actual.String(DicomTags.SopInstanceUid));
    }
}
