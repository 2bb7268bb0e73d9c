using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Scene;
using ArSpine.Core.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Tests.Scene;

/// <summary>Case packages for the scene and mode tests: a small hand-made one with known geometry, and the five-level phantom (made once).</summary>
internal static class TestCases
{
    private static readonly Lazy<CasePackage> Phantom = new(() => PhantomPackage.Create(
        LumbarSpinePhantom.Generate(new PhantomParameters { Seed = 2, SpacingMm = new(1.0, 1.0, 1.2), SizeI = 200, SizeJ = 190, CurveDeg = 10, CurvePlane = CurvePlane.Sagittal, RotationDeg = 4 }),
        "phantom"));

    /// <summary>The five-level phantom package (L1–L5 and the sacrum, ten screws, skin, CT, labels), shared by the tests that read it.</summary>
    public static CasePackage FiveLevelPhantom => Phantom.Value;

    /// <summary>L3 box centre, Ct mm.</summary>
    public static readonly Vector3 L3Centre = new(0, -40, 40);

    /// <summary>L4 box centre, Ct mm.</summary>
    public static readonly Vector3 L4Centre = new(0, -40, -40);

    /// <summary>
    /// Two vertebrae as 30 mm boxes behind (anterior to) two screws lying across the view of a camera behind the patient: L3 left
    /// from (5, 0, 8) to (50, 0, 8) and L4 right from (−5, 0, −8) to (−50, 0, −8), both 6.5 mm across and 45 mm long. No CT, no skin.
    /// </summary>
    public static CasePackage TwoBoxes()
    {
        var vertebrae = new[] { new CaseVertebra("L3", 22, "L3.glb"), new CaseVertebra("L4", 23, "L4.glb") };
        var plan = new SurgicalPlan(
        [
            new ScrewTrajectory("L3", BodySide.Left, new Vector3d(5, 0, 8), new Vector3d(50, 0, 8), 6.5),
            new ScrewTrajectory("L4", BodySide.Right, new Vector3d(-5, 0, -8), new Vector3d(-50, 0, -8), 6.5),
        ]);
        var index = new SurgicalCase("Test", vertebrae, plan, Marker: CaseFiducials.DefaultMarker);
        var l3 = Translated(PrimitiveMeshes.Box(new Vector3(30)), L3Centre);
        var l4 = Translated(PrimitiveMeshes.Box(new Vector3(30)), L4Centre);
        return new CasePackage("test", index, [l3, l4], null, null, null);
    }

    private static Core.Meshes.TriangleMesh Translated(Core.Meshes.TriangleMesh mesh, Vector3 by)
    {
        var positions = new Vector3[mesh.PositionsMm.Length];
        for (int n = 0; n < positions.Length; n++)
        {
            positions[n] = mesh.PositionsMm[n] + by;
        }

        return new Core.Meshes.TriangleMesh(positions, mesh.Indices);
    }
}
