using System.Globalization;
using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Imaging.Nifti;
using ArSpine.Planning.Screws;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Planning.Tests.Screws;

/// <summary>
/// The breach depth against an independent computation over the same mask: scipy's exact Euclidean distance transform of
/// the label map as nibabel reads it, sampled by scipy's own interpolation on the screw's surface, with numpy's own sampling.
/// </summary>
public sealed class BreachGraderOracleTests
{
    private readonly ITestOutputHelper _output;

    public BreachGraderOracleTests(ITestOutputHelper output) => _output = output;

    // argv: labels.nii.gz, label id, then per screw: entry x y z, target x y z (LPS mm), radius, graded-from (mm along).
    private const string Oracle = """
        import json, sys
        import numpy as np, nibabel
        from scipy import ndimage
        image = nibabel.load(sys.argv[1]); label = int(sys.argv[2])
        mask = np.asanyarray(image.dataobj) == label
        spacing = np.sqrt((image.affine[:3, :3] ** 2).sum(axis=0))
        half = spacing.min() / 2
        inside = ndimage.distance_transform_edt(mask, sampling=spacing)
        outside = ndimage.distance_transform_edt(~mask, sampling=spacing)
        signed = np.where(mask, -(inside - half), outside - half)
        voxel_from_ras = np.linalg.inv(image.affine)
        values = [float(v) for v in sys.argv[3:]]
        results = []
        for s in range(0, len(values), 8):
            entry, target = np.array(values[s:s + 3]), np.array(values[s + 3:s + 6]); radius, start = values[s + 6], values[s + 7]
            axis = (target - entry) / np.linalg.norm(target - entry); length = np.linalg.norm(target - entry)
            u = np.cross(axis, [0.0, 0.0, 1.0]); u /= np.linalg.norm(u); w = np.cross(axis, u)
            along = np.linspace(start, length, 400); angle = np.linspace(0, 2 * np.pi, 72, endpoint=False)
            a, t = np.meshgrid(along, angle)
            side = entry + a.reshape(-1, 1) * axis + radius * (np.cos(t).reshape(-1, 1) * u + np.sin(t).reshape(-1, 1) * w)
            r, t2 = np.meshgrid(np.linspace(0, radius, 8), angle)
            tip = target + r.reshape(-1, 1) * (np.cos(t2).reshape(-1, 1) * u + np.sin(t2).reshape(-1, 1) * w)
            lps = np.vstack([side, tip]); ras = lps * [-1.0, -1.0, 1.0]
            ijk = (voxel_from_ras[:3, :3] @ ras.T).T + voxel_from_ras[:3, 3]
            sampled = ndimage.map_coordinates(signed, ijk.T, order=1, mode='nearest')
            results.append(max(0.0, float(sampled.max())))
        print(json.dumps(results))
        """;

    [Fact]
    public void Grade_ShiftedAndOverlongScrews_BreachDepthAgreesWithScipyWithinHalfAMillimetre()
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = [22, 23, 24], CurveDeg = 10, RotationDeg = 8 });
        using var folder = new TemporaryFolder();
        string labelsPath = folder.PathOf("labels.nii.gz");
        NiftiWriter.WriteLabels(phantom.Labels, labelsPath);
        var grader = new BreachGrader(phantom.Labels);
        var anatomy = grader.Vertebra(23).Anatomy;
        PedicleTruth left = phantom.Truth.Vertebrae.Single(v => v.Name == "L4").Pedicles.Single(p => p.Side == BodySide.Left);
        var ideal = new ScrewTrajectory("L4", BodySide.Left, left.EntryCt, left.TargetCt, 6.5);
        ScrewTrajectory Shifted(Vector3d by) => ideal with { EntryCt = ideal.EntryCt + by, TargetCt = ideal.TargetCt + by };
        ScrewTrajectory[] screws =
        [
            ideal,
            Shifted(anatomy.LeftCt * -4.5),
            Shifted(anatomy.LeftCt * 5),
            Shifted(anatomy.SuperiorCt * 8),
            ideal with { TargetCt = left.AnteriorCortexCt + ideal.Direction * 5 },
        ];

        var arguments = new List<string> { labelsPath, "23" };
        foreach (ScrewTrajectory s in screws)
        {
            double[] values = [s.EntryCt.X, s.EntryCt.Y, s.EntryCt.Z, s.TargetCt.X, s.TargetCt.Y, s.TargetCt.Z, s.DiameterMm / 2, BreachGrader.GradedFromMm(s, anatomy)];
            arguments.AddRange(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        }

        double[] scipy = JsonSerializer.Deserialize<double[]>(ExternalTool.RunPython(Oracle, [.. arguments]))!;

        for (int n = 0; n < screws.Length; n++)
        {
            double ours = grader.Grade(screws[n], $"screw {n}").BreachMm;
            _output.WriteLine($"screw {n}: breach {ours:0.00} mm here, {scipy[n]:0.00} mm by scipy");
            Assert.True(Math.Abs(ours - scipy[n]) <= 0.5, $"screw {n}: {ours:0.00} mm here vs {scipy[n]:0.00} mm by scipy");
        }

        Assert.Equal(0, scipy[0]);
        Assert.All(scipy.Skip(1), b => Assert.True(b > 1, $"the moved screws breach (scipy: {b:0.00} mm)"));
    }
}
