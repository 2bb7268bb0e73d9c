using System.Text.Json;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Imaging.Tests.Meshing;

/// <summary>Marching cubes on the real VerSe expert masks against scikit-image 0.19's figures (<c>verse/DERIVED_oracle_values.json</c>).</summary>
public sealed class VerseMeshOracleTests(ITestOutputHelper output)
{
    private const string MaskFile = "verse/sub-verse004_seg-vert_msk.nii.gz";
    private const string OracleFile = "verse/DERIVED_oracle_values.json";

    [SharedDataFact(OracleFile)]
    public void Extract_VerseMasks_AreaAndVolumeWithinOnePercentOfScikitImage()
    {
        LabelVolume labels = NiftiReader.ReadLabels(SharedData.PathOf(MaskFile));
        using JsonDocument oracle = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(OracleFile)));
        int compared = 0;
        foreach (JsonProperty vertebra in oracle.RootElement.GetProperty("per_vertebra").EnumerateObject())
        {
            int label = vertebra.Value.GetProperty("label").GetInt32();
            double expectedArea = vertebra.Value.GetProperty("skimage_mc_area_mm2").GetDouble();
            double expectedVolume = vertebra.Value.GetProperty("skimage_mc_volume_mm3").GetDouble();

            TriangleMesh mesh = LabelSurface.Extract(labels, label, LabelSurfaceOptions.Raw);

            double areaError = (mesh.SurfaceAreaMm2() - expectedArea) / expectedArea;
            double volumeError = (mesh.EnclosedVolumeMm3() - expectedVolume) / expectedVolume;
            output.WriteLine($"{vertebra.Name} (label {label}): area {mesh.SurfaceAreaMm2():0.0} mm² vs {expectedArea:0.0} ({areaError:+0.000%;-0.000%}), volume {mesh.EnclosedVolumeMm3():0.0} mm³ vs {expectedVolume:0.0} ({volumeError:+0.000%;-0.000%}), {mesh.TriangleCount} triangles, watertight {mesh.IsWatertight()}");
            Assert.True(Math.Abs(areaError) < 0.01, $"{vertebra.Name}: area off scikit-image by {areaError:P3}.");
            Assert.True(Math.Abs(volumeError) < 0.01, $"{vertebra.Name}: volume off scikit-image by {volumeError:P3}.");
            Assert.True(mesh.IsWatertight(), $"{vertebra.Name}: expected a closed, consistently wound mesh.");
            compared++;
        }

        Assert.Equal(9, compared);
    }

    [SharedDataFact(MaskFile)]
    public void Extract_VerseMaskWithBudget_SmoothedAndDecimatedStaysClosedAndKeepsItsVolume()
    {
        LabelVolume labels = NiftiReader.ReadLabels(SharedData.PathOf(MaskFile));
        int l3 = VertebraLevels.IdOf("L3");
        TriangleMesh raw = LabelSurface.Extract(labels, l3, LabelSurfaceOptions.Raw);

        TriangleMesh clean = LabelSurface.Extract(labels, l3, new LabelSurfaceOptions(TaubinIterations: 10, MaxTriangles: 5000));

        double volumeChange = (clean.EnclosedVolumeMm3() - raw.EnclosedVolumeMm3()) / raw.EnclosedVolumeMm3();
        output.WriteLine($"L3: {raw.TriangleCount} → {clean.TriangleCount} triangles, volume {raw.EnclosedVolumeMm3():0} → {clean.EnclosedVolumeMm3():0} mm³ ({volumeChange:+0.00%;-0.00%})");
        Assert.InRange(clean.TriangleCount, 4990, 5000);
        Assert.True(clean.IsWatertight());
        Assert.True(Math.Abs(volumeChange) < 0.02, $"Cleaning changed the volume by {volumeChange:P2}.");
    }
}
