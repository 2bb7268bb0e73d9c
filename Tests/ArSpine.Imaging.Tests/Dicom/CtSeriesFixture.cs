using ArSpine.Core.Volumes;
using ArSpine.Imaging.Dicom;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>One oblique 7x5x4 CT series written once for the oracle tests.</summary>
public sealed class CtSeriesFixture : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public CtSeriesFixture()
    {
        Ct = TestVolumes.Ct(TestVolumes.ObliqueGrid());
        Info = new DicomSeriesInfo
        {
            UidSeed = "test-series-seed",
            PatientName = "Müller^Jörg",
            PatientId = "PAT-0042",
            PatientBirthDate = new DateOnly(1961, 3, 9),
            PatientSex = "M",
            StudyDateTime = new DateTime(2025, 11, 3, 14, 5, 9),
            StudyDescription = "Lumbar spine phantom",
            SeriesDescription = "Bone kernel, oblique",
            StudyId = "S1",
            AccessionNumber = "ACC1",
            SeriesNumber = 3,
            KvpKv = 120,
        };
        Folder = _folder.PathOf("series");
        Paths = CtSeriesWriter.Write(Ct, Folder, Info);
    }

    public CtVolume Ct { get; }

    public DicomSeriesInfo Info { get; }

    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    public void Dispose() => _folder.Dispose();
}
