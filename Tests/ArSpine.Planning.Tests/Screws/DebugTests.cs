using ArSpine.Core.Plans;
using ArSpine.Imaging.Nifti;
using ArSpine.Planning.Anatomy;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Planning.Tests.Screws;

public sealed class DebugTests
{
    private readonly ITestOutputHelper _o;
    public DebugTests(ITestOutputHelper o) => _o = o;

    [Fact]
    public void Debug()
    {
        var labels = NiftiReader.ReadLabels(SharedData.PathOf("verse/sub-verse004_seg-vert_msk.nii.gz"));
        foreach (int id in labels.PresentLabels())
        {
            var mask = new LabelMask(labels, id);
            try
            {
                var a = VertebraAnatomy.Analyse(mask);
                _o.WriteLine($"{a.Name}: canal {a.CanalCentreCt} area {a.CanalAreaMm2:0} L {a.LeftCt} A {a.AnteriorCt} S {a.SuperiorCt} body {a.BodyCentroidCt}");
                foreach (var side in new[] { BodySide.Left, BodySide.Right })
                {
                    try { var p = PedicleAxis.Find(mask, a, side); _o.WriteLine($"  {side}: w {p.IsthmusWidthMm:0.0} h {p.IsthmusHeightMm:0.0} conv {p.MedialConvergenceDeg:0.0} sag {p.SagittalAngleDeg:0.0} depth {p.BoneDepthMm:0.0}"); }
                    catch (Exception e) { _o.WriteLine($"  {side}: {e.Message}"); }
                }
            }
            catch (Exception e) { _o.WriteLine(e.Message); }
        }
    }
}
