using ArSpine.Core.Volumes;
using ArSpine.Core.Geometry;
using ArSpine.Core.Errors;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Dicom.Series;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>Every entry of <see cref="BadDicomCatalogue"/> raises its typed error, whose message names the file, the tag and the value found.</summary>
public sealed class BadDicomInputTests
{
    public static TheoryData<string> Catalogue => new(BadDicomCatalogue.Names);

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Read_CatalogueEntry_TypedErrorNamingWhereAndWhat(string name)
    {
        using var temp = new TemporaryFolder();
        BadDicomCatalogue.Case bad = BadDicomCatalogue.Build(name, temp.FolderPath);

        Exception error = Assert.ThrowsAny<Exception>(bad.Read);

        Assert.IsType(bad.Expected, error);
        Assert.IsAssignableFrom<InvalidInputException>(error);
        foreach (string part in bad.MessageParts)
        {
            Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"'{part}' is not in: {error.Message}");
        }
    }

    [Fact]
    public void ReadHeader_HugeDeclaredLength_AllocatesAboutTheFileSizeOnly()
    {
        using var temp = new TemporaryFolder();
        BadDicomCatalogue.Case bad = BadDicomCatalogue.Build("huge declared length", temp.FolderPath);
        long fileBytes = new FileInfo(temp.PathOf("series/slice0001.dcm")).Length;
        Assert.Throws<DicomFormatException>(bad.Read);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<DicomFormatException>(bad.Read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4 * fileBytes + 256 * 1024, $"allocated {allocated} bytes for a {fileBytes}-byte file");
    }

    [Fact]
    public void Read_UnevenSpacingWithResampling_UniformSlicesAndAWarning()
    {
        using var temp = new TemporaryFolder();
        BadDicomCatalogue.Case bad = BadDicomCatalogue.Build("uneven spacing", temp.FolderPath);
        Assert.Throws<DicomGeometryException>(bad.Read);

        DicomVolume read = DicomVolumeReader.Read(temp.PathOf("series"), new DicomReadOptions { ResampleUnevenSpacing = true });

        // Slices at 40, 41.5, 44, 44.5 mm: median gap 1.5 mm, so slices at 40, 41.5, 43, 44.5; 43 mm lies 0.6 of the way from 41.5 to 44.
        Assert.Equal(4, read.Ct.Grid.SizeK);
        Assert.Equal(1.5, read.Ct.Grid.SpacingMm.Z, 9);
        Assert.Contains(read.Warnings, w => w.Contains("resampled", StringComparison.Ordinal));
        short[] written = TestVolumes.Ct(TestVolumes.AxialGrid()).Hu;
        int pixels = 7 * 5;
        Assert.Equal(written.AsSpan(pixels, pixels).ToArray(), read.Ct.Hu.AsSpan(pixels, pixels).ToArray());
        for (int n = 0; n < pixels; n++)
        {
            double expected = written[pixels + n] + 0.6 * (written[2 * pixels + n] - written[pixels + n]);
            Assert.Equal((short)Math.Round(expected, MidpointRounding.AwayFromZero), read.Ct.Hu[2 * pixels + n]);
        }
    }

    [Fact]
    public void Read_GantryTiltCorrected_OrthogonalGridWhoseVoxelsHoldTheFieldAtTheirPositions()
    {
        using var temp = new TemporaryFolder();
        // A 12° tilt of the slices' stacking direction toward +Y; the CT holds a field linear in Ct position, so every
        // corrected voxel can be checked against the field at its own position.
        var sheared = new AffineTransform(Matrix3d.FromColumns(new Vector3d(0.7, 0, 0), new Vector3d(0, 0.9, 0), new Vector3d(0, 0.32, 1.5)), new Vector3d(-2, -1, 40));
        var grid = new VolumeGrid(24, 20, 6, sheared);
        static double Field(Vector3d p) => 20 * p.X + 30 * p.Y + 10 * p.Z;
        var hu = new short[grid.VoxelCount];
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    hu[grid.Index(i, j, k)] = (short)Math.Round(Field(grid.CtFromVoxel.Apply(new Vector3d(i, j, k))));
                }
            }
        }

        CtSeriesWriter.Write(new CtVolume(grid, hu), temp.PathOf("tilted"), new DicomSeriesInfo { UidSeed = "tilt-field" });
        Assert.Throws<DicomGeometryException>(() => DicomVolumeReader.Read(temp.PathOf("tilted"), new DicomReadOptions()));

        DicomVolume read = DicomVolumeReader.Read(temp.PathOf("tilted"), new DicomReadOptions { CorrectGantryTilt = true });

        VolumeGrid g = read.Ct.Grid;
        Assert.True(Vector3d.Distance(new Vector3d(0, 0, 1.5), g.CtFromVoxel.Linear.Column(3)) < 1e-6, $"step {g.CtFromVoxel.Linear.Column(3)}");
        int inside = 0;
        for (int k = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                for (int i = 0; i < g.SizeI; i++)
                {
                    short value = read.Ct[i, j, k];
                    if (value == -1024)
                    {
                        continue;
                    }

                    inside++;
                    Assert.True(Math.Abs(value - Field(g.CtFromVoxel.Apply(new Vector3d(i, j, k)))) <= 1.01, $"voxel ({i}, {j}, {k}): {value} vs {Field(g.CtFromVoxel.Apply(new Vector3d(i, j, k))):0.0}");
                }
            }
        }

        // Slice k is shifted by 0.32 k mm, that is 0.36 k rows: the rows it loses are air.
        Assert.InRange(inside, g.VoxelCount * 8 / 10, g.VoxelCount - 1);
        Assert.Contains(read.Warnings, w => w.Contains("gantry tilt corrected", StringComparison.Ordinal));
    }
}
