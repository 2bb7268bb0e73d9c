using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.Planning.Screws;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Planning.Tests.Anatomy;

/// <summary>Vertebra frames on real, manually segmented vertebrae (VerSe sub-verse004, T9–L5, 1 x 1 x 2 mm, stored PIR).</summary>
public sealed class VertebraAnatomyVerseTests
{
    private const string Masks = "verse/sub-verse004_seg-vert_msk.nii.gz";
    private readonly ITestOutputHelper _output;

    public VertebraAnatomyVerseTests(ITestOutputHelper output) => _output = output;

    [SharedDataFact(Masks)]
    public void Analyse_EveryVerseVertebra_FrameFollowsThePatientAxesAndTheCanalLiesBehindTheBodyInOneColumn()
    {
        LabelVolume labels = NiftiReader.ReadLabels(SharedData.PathOf(Masks));
        var grader = new BreachGrader(labels);
        Vector3d? previousCanal = null;
        foreach (int id in labels.PresentLabels())
        {
            var a = grader.Vertebra(id).Anatomy;
            double bodyAhead = Vector3d.Dot(a.BodyCentroidCt - a.CanalCentreCt, a.AnteriorCt);
            _output.WriteLine($"{a.Name}: canal {a.CanalCentreCt} ({a.CanalAreaMm2:0} mm²), body {bodyAhead:0.0} mm ahead; left {a.LeftCt}, anterior {a.AnteriorCt}, superior {a.SuperiorCt}");

            // LPS: left is +X, anterior −Y, superior +Z; this spine bends, so allow some tilt, but not a flip.
            Assert.True(a.LeftCt.X > 0.9, $"{a.Name}: left axis {a.LeftCt}");
            Assert.True(-a.AnteriorCt.Y > 0.85, $"{a.Name}: anterior axis {a.AnteriorCt}");
            Assert.True(a.SuperiorCt.Z > 0.85, $"{a.Name}: superior axis {a.SuperiorCt}");
            Assert.InRange(bodyAhead, 12, 35);
            Assert.InRange(a.CanalAreaMm2, 100, 400);
            if (previousCanal is { } above)
            {
                // Consecutive levels' canals are one vertebra apart (20–40 mm) along the spine.
                Assert.InRange(Vector3d.Distance(above, a.CanalCentreCt), 18, 40);
            }

            previousCanal = a.CanalCentreCt;
        }
    }

    [SharedDataFact(Masks)]
    public void Plan_EveryVerseVertebra_PlannedScrewsAreGradeAOrBWithTheMedialWallIntact()
    {
        LabelVolume labels = NiftiReader.ReadLabels(SharedData.PathOf(Masks));
        var options = new ScrewPlanningOptions { Catalogue = ScrewCatalogue.Load(ScrewCatalogue.DefaultPath) };

        ScrewPlanningResult result = ScrewPlanner.Plan(labels, ScrewPlanner.PlannableLevels(labels), options);

        int pedicles = 2 * ScrewPlanner.PlannableLevels(labels).Count;
        foreach (PlannedScrew s in result.Screws)
        {
            _output.WriteLine($"{s.Screw.Vertebra} {s.Screw.Side}: isthmus {s.Pedicle.IsthmusWidthMm:0.0} x {s.Pedicle.IsthmusHeightMm:0.0} mm, convergence {s.Pedicle.MedialConvergenceDeg:0.0}°, sagittal {s.Pedicle.SagittalAngleDeg:0.0}°, {s.Screw.DiameterMm:0.0} x {s.Screw.LengthMm:0} mm, grade {s.Screw.Predicted!.Grade} ({s.Screw.Predicted.BreachMm:0.00} mm {s.Screw.Predicted.Direction})");
        }

        foreach (string skipped in result.Skipped)
        {
            _output.WriteLine($"skipped: {skipped}");
        }

        int gradeA = result.Screws.Count(s => s.Screw.Predicted!.Grade == Core.Plans.GertzbeinRobbinsGrade.A);
        _output.WriteLine($"{result.Screws.Count} of {pedicles} pedicles planned; {gradeA} grade A ({100.0 * gradeA / result.Screws.Count:0}%)");
        Assert.All(result.Screws, s => Assert.True(s.Screw.Predicted!.Grade <= Core.Plans.GertzbeinRobbinsGrade.B, $"{s.Screw.Vertebra} {s.Screw.Side}: grade {s.Screw.Predicted.Grade}"));
        Assert.All(result.Screws, s => Assert.False(s.Screw.Predicted!.MedialBreach, $"{s.Screw.Vertebra} {s.Screw.Side}: medial breach"));
        Assert.Equal(pedicles, result.Screws.Count + result.Skipped.Count);
        Assert.True(result.Screws.Count >= pedicles * 2 / 3, $"only {result.Screws.Count} of {pedicles} pedicles planned");
    }
}
