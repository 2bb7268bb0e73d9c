using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Nifti;

/// <summary>Real files from ../shared/data, read by us and by nibabel.</summary>
public sealed class NiftiSharedDataTests
{
    private const string TotalSegmentatorCt = "totalsegmentator/example_ct.nii.gz";
    private const string VerseMask = "verse/sub-verse004_seg-vert_msk.nii.gz";

    [SharedDataFact(TotalSegmentatorCt)]
    public void ReadCt_TotalSegmentatorExample_SameAffineAndHuAsNibabel()
    {
        string path = SharedData.PathOf(TotalSegmentatorCt);
        NibabelView nib = NibabelView.Read(path);

        CtVolume ct = NiftiReader.ReadCt(path);

        Assert.Equal(nib.Shape, new[] { ct.Grid.SizeI, ct.Grid.SizeJ, ct.Grid.SizeK });
        Assert.Equal([122, 101, 112], nib.Shape);
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToLps(nib.RasFromVoxel), ct.Grid.CtFromVoxel) < 1e-5);
        Assert.Equal(nib.Values.Length, ct.Hu.Length);
        for (int n = 0; n < ct.Hu.Length; n++)
        {
            if (nib.Values[n] != ct.Hu[n])
            {
                Assert.Fail($"Voxel {n}: nibabel {nib.Values[n]}, ours {ct.Hu[n]}.");
            }
        }

        // RAS file, 3 mm: i runs toward the patient's right, which is −x in LPS.
        Assert.Equal(new Vector3d(-3, 0, 0), ct.Grid.CtFromVoxel.Linear.Column(1));
        Assert.Equal(new Vector3d(3, 3, 3), ct.Grid.SpacingMm);
    }

    [SharedDataFact(VerseMask)]
    public void ReadLabels_VerseSampleInPir_SameAffineLabelsAndLevelsAsNibabel()
    {
        string path = SharedData.PathOf(VerseMask);
        NibabelView nib = NibabelView.Read(path);

        LabelVolume labels = NiftiReader.ReadLabels(path);

        Assert.Equal(["P", "I", "R"], nib.AxisCodes);
        Assert.Equal([161, 338, 61], new[] { labels.Grid.SizeI, labels.Grid.SizeJ, labels.Grid.SizeK });
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToLps(nib.RasFromVoxel), labels.Grid.CtFromVoxel) < 1e-5);
        for (int n = 0; n < labels.Labels.Length; n++)
        {
            if (nib.Values[n] != labels.Labels[n])
            {
                Assert.Fail($"Voxel {n}: nibabel {nib.Values[n]}, ours {labels.Labels[n]}.");
            }
        }

        // PIR: i toward posterior (+y in LPS), j toward inferior (−z), k toward the patient's right (−x in LPS).
        Matrix3d linear = labels.Grid.CtFromVoxel.Linear;
        Assert.True(linear.Column(1).Y > 0.99 * linear.Column(1).Length);
        Assert.True(linear.Column(2).Z < -0.99 * linear.Column(2).Length);
        Assert.True(linear.Column(3).X < -0.99 * linear.Column(3).Length);
        Assert.Equal(Enumerable.Range(16, 9), labels.PresentLabels());
        Assert.Equal(["T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5"], labels.PresentLabels().Select(id => labels.Names[id]));
    }
}
