using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.Planning.Tests.Osteotomy;

public class MeshCutterTests
{
    private static void AssertPiecesClose(TriangleMesh whole, MeshSplit split, CutPlane? plane)
    {
        if (plane is not null)
        {
            CapCheck.AssertProperCaps(split, plane);
        }

        Assert.True(split.Negative.IsWatertight(), "Expected the negative piece to be watertight.");
        Assert.True(split.Positive.IsWatertight(), "Expected the positive piece to be watertight.");
        double sum = split.Negative.EnclosedVolumeMm3() + split.Positive.EnclosedVolumeMm3();
        double total = whole.EnclosedVolumeMm3();
        Assert.True(Math.Abs(sum - total) <= 1e-4 * total, $"Pieces sum to {sum:0.######} mm³, the whole is {total:0.######} mm³.");
    }

    [Theory]
    [InlineData(0.0, 0.0, 1.0, 0.0)]
    [InlineData(0.0, 0.0, 1.0, 7.5)]
    [InlineData(0.0, 0.0, -1.0, -3.0)]
    [InlineData(0.1, 0.2, 1.0, 2.0)]
    public void Split_Box_GivesWatertightPiecesWithTheSlabVolumes(double nx, double ny, double nz, double zAtCentre)
    {
        const float h = 10;
        TriangleMesh cube = TestSolids.Box(Vector3.Zero, new Vector3(h, h, h));
        // A plane z = zAtCentre − (nx·x + ny·y)/nz stays inside the cube's side faces here, so the part below has volume
        // (2h)²·(h + zAtCentre) exactly (the linear terms integrate to zero over the square).
        var plane = CutPlane.Through(new Vector3d(0, 0, zAtCentre), new Vector3d(nx, ny, nz));

        MeshSplit split = MeshCutter.Split(cube, plane);

        AssertPiecesClose(cube, split, plane);
        double below = 4 * h * h * (h + zAtCentre);
        TriangleMesh lower = nz > 0 ? split.Negative : split.Positive;
        Assert.Equal(below, lower.EnclosedVolumeMm3(), 3);
        double expectedCap = 4 * h * h * new Vector3d(nx, ny, nz).Length / Math.Abs(nz);
        Assert.Equal(expectedCap, split.CapAreaMm2, 3);
        Assert.Equal(zAtCentre, split.CapCentroidCt.Z, 3);
    }

    [Fact]
    public void Split_PlaneMissingTheMesh_LeavesOnePieceWhole()
    {
        TriangleMesh cube = TestSolids.Box(Vector3.Zero, new Vector3(5, 5, 5));

        MeshSplit split = MeshCutter.Split(cube, CutPlane.Through(new Vector3d(0, 0, 20), Vector3d.UnitZ));

        Assert.Equal(0, split.Positive.TriangleCount);
        Assert.Equal(cube.EnclosedVolumeMm3(), split.Negative.EnclosedVolumeMm3(), 6);
        Assert.True(split.Negative.IsWatertight());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(4.0)]
    [InlineData(-9.0)]
    public void Split_Ball_MatchesTheSphericalCap(double height)
    {
        const float r = 12;
        TriangleMesh ball = TestSolids.Sphere(new Vector3(3, -2, 5), r, 160, 80);
        var plane = CutPlane.Through(new Vector3d(3, -2, 5 + height), new Vector3d(0.3, -0.2, 1));

        MeshSplit split = MeshCutter.Split(ball, plane);

        AssertPiecesClose(ball, split, plane);
        // The plane's normal is oblique, but the ball is symmetric: a cap cut at distance d from the centre along it.
        double d = Vector3d.Dot(new Vector3d(0, 0, height), plane.NormalCt);
        double capHeight = r - d;
        double analyticCap = Math.PI * capHeight * capHeight * (3 * r - capHeight) / 3;
        double measured = split.Positive.EnclosedVolumeMm3();
        Assert.True(Math.Abs(measured - analyticCap) / analyticCap < 0.01, $"Cap {measured:0.0} mm³, analytic {analyticCap:0.0} mm³.");
        double analyticSection = Math.PI * (r * r - d * d);
        Assert.True(Math.Abs(split.CapAreaMm2 - analyticSection) / analyticSection < 0.01, $"Section {split.CapAreaMm2:0.0} mm², analytic {analyticSection:0.0} mm².");
    }

    [Fact]
    public void Split_FrameAcrossItsHole_CapsAnAnnulusExactly()
    {
        const float outer = 10, inner = 4, height = 8;
        TriangleMesh frame = TestSolids.Frame(outer, inner, height);
        var plane = CutPlane.Through(new Vector3d(0, 0, 1.5), Vector3d.UnitZ);

        MeshSplit split = MeshCutter.Split(frame, plane);

        AssertPiecesClose(frame, split, plane);
        double ring = 4 * outer * outer - 4 * inner * inner;
        Assert.Equal(ring * (height / 2 + 1.5), split.Negative.EnclosedVolumeMm3(), 3);
        Assert.Equal(ring * (height / 2 - 1.5), split.Positive.EnclosedVolumeMm3(), 3);
        Assert.Equal(ring, split.CapAreaMm2, 3);
    }

    [Fact]
    public void Split_FrameAlongItsHole_CapsTwoSeparateSections()
    {
        TriangleMesh frame = TestSolids.Frame(10, 4, 8);
        var plane = CutPlane.Through(new Vector3d(1, 0, 0), Vector3d.UnitX);

        MeshSplit split = MeshCutter.Split(frame, plane);

        AssertPiecesClose(frame, split, plane);
        // Two rectangles of 6 × 8 mm each where the plane crosses the frame's sides.
        Assert.Equal(2 * 6 * 8, split.CapAreaMm2, 3);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.3, 0.2)]
    public void Split_TorusThroughItsHole_GivesAnnularCapsAndHalfVolumes(double tiltX, double offset)
    {
        const float major = 20, minor = 6;
        TriangleMesh torus = TestSolids.Torus(major, minor, 180, 72);
        var plane = CutPlane.Through(new Vector3d(0, 0, offset), new Vector3d(tiltX * 0.1, 0, 1));

        MeshSplit split = MeshCutter.Split(torus, plane);

        AssertPiecesClose(torus, split, plane);
        double analytic = 2 * Math.PI * Math.PI * major * minor * minor;
        double total = split.Negative.EnclosedVolumeMm3() + split.Positive.EnclosedVolumeMm3();
        Assert.True(Math.Abs(total - analytic) / analytic < 0.01, $"Torus {total:0} mm³, analytic {analytic:0} mm³.");
        if (offset == 0 && tiltX == 0)
        {
            Assert.Equal(split.Negative.EnclosedVolumeMm3(), split.Positive.EnclosedVolumeMm3(), 1);
            double annulus = Math.PI * ((major + minor) * (major + minor) - (major - minor) * (major - minor));
            Assert.True(Math.Abs(split.CapAreaMm2 - annulus) / annulus < 0.01, $"Section {split.CapAreaMm2:0.0} mm², annulus {annulus:0.0} mm².");
        }
    }

    [Fact]
    public void Split_TorusAcrossItsAxis_CapsTwoDiscs()
    {
        const float major = 20, minor = 6;
        TriangleMesh torus = TestSolids.Torus(major, minor, 180, 72);

        var plane = CutPlane.Through(Vector3d.Zero, new Vector3d(1, 0.2, 0));
        MeshSplit split = MeshCutter.Split(torus, plane);

        AssertPiecesClose(torus, split, plane);
        double discs = 2 * Math.PI * minor * minor;
        Assert.True(Math.Abs(split.CapAreaMm2 - discs) / discs < 0.01, $"Section {split.CapAreaMm2:0.0} mm², two discs {discs:0.0} mm².");
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(25.0)]
    [InlineData(40.0)]
    public void CutWedge_BoxHingedOnItsFrontFace_MatchesTheAnalyticWedge(double angleDeg)
    {
        const float h = 15;
        TriangleMesh cube = TestSolids.Box(Vector3.Zero, new Vector3(h, h, h));
        double half = angleDeg / 2 * Math.PI / 180;
        var hinge = new Vector3d(0, -h, 1.5);
        // Opens toward +y from a hinge along x on the front face (y = −h): a triangular prism of depth 2h, width 2h.
        var superior = CutPlane.Through(hinge, new Vector3d(0, Math.Sin(half), -Math.Cos(half)));
        var inferior = CutPlane.Through(hinge, new Vector3d(0, Math.Sin(half), Math.Cos(half)));

        WedgeCut cut = MeshCutter.CutWedge(cube, superior, inferior);

        foreach (TriangleMesh piece in new[] { cut.Wedge, cut.OutsideFirst, cut.OutsideSecondOnly })
        {
            Assert.True(piece.IsWatertight(), "Expected every wedge piece to be watertight.");
        }

        double analytic = 2 * h * (2 * h) * (2 * h) * Math.Tan(half);
        Assert.Equal(analytic, cut.Wedge.EnclosedVolumeMm3(), 2);
        double sum = cut.Wedge.EnclosedVolumeMm3() + cut.OutsideFirst.EnclosedVolumeMm3() + cut.OutsideSecondOnly.EnclosedVolumeMm3();
        Assert.Equal(cube.EnclosedVolumeMm3(), sum, 2);
    }

    [Fact]
    public void CutWedge_FrameThroughItsHole_MatchesTheWedgeOfTheRing()
    {
        const float outer = 10, inner = 4, height = 20;
        TriangleMesh frame = TestSolids.Frame(outer, inner, height);
        const double angleDeg = 20;
        double half = angleDeg / 2 * Math.PI / 180;
        var hinge = new Vector3d(0, -outer, 0);
        var superior = CutPlane.Through(hinge, new Vector3d(0, Math.Sin(half), -Math.Cos(half)));
        var inferior = CutPlane.Through(hinge, new Vector3d(0, Math.Sin(half), Math.Cos(half)));

        WedgeCut cut = MeshCutter.CutWedge(frame, superior, inferior);

        Assert.True(cut.Wedge.IsWatertight());
        // The wedge's height at depth t from the hinge is 2·t·tan(half); integrate over the ring's footprint: the full square
        // minus the hole, whose depth runs from outer − inner to outer + inner.
        double Prism(double width, double from, double to) => width * Math.Tan(half) * (to * to - from * from);
        double analytic = Prism(2 * outer, 0, 2 * outer) - Prism(2 * inner, outer - inner, outer + inner);
        Assert.Equal(analytic, cut.Wedge.EnclosedVolumeMm3(), 2);
    }

    [Theory]
    [InlineData(5, 0.0)]
    [InlineData(7, 2.5)]
    public void Split_StarPrism_CapsTheNonConvexSectionExactly(int points, double z)
    {
        const float outer = 20, inner = 7, height = 10;
        TriangleMesh star = TestSolids.StarPrism(points, outer, inner, height);

        var plane = CutPlane.Through(new Vector3d(0, 0, z), Vector3d.UnitZ);
        MeshSplit split = MeshCutter.Split(star, plane);

        AssertPiecesClose(star, split, plane);
        double area = points * outer * inner * Math.Sin(Math.PI / points);
        Assert.Equal(area, split.CapAreaMm2, 3);
        Assert.Equal(area * (height / 2 + z), split.Negative.EnclosedVolumeMm3(), 2);
    }

    [Fact]
    public void Split_StarPrismAcrossItsTips_CapsEveryArm()
    {
        TriangleMesh star = TestSolids.StarPrism(5, 20, 7, 10);
        // A plane x = 10 cuts the two arms pointing right-up and right-down, and the tip at angle 0: several loops.
        var plane = CutPlane.Through(new Vector3d(10, 0, 0), Vector3d.UnitX);
        MeshSplit split = MeshCutter.Split(star, plane);

        AssertPiecesClose(star, split, plane);
        Assert.True(split.CapAreaMm2 > 0);
    }

    [Fact]
    public void Split_PlaneThroughVertices_StaysWatertightAndHalvesTheCube()
    {
        const float h = 10;
        TriangleMesh cube = TestSolids.Box(Vector3.Zero, new Vector3(h, h, h));

        // The diagonal plane x + y = 0 passes exactly through four of the cube's vertices.
        var plane = CutPlane.Through(Vector3d.Zero, new Vector3d(1, 1, 0));
        MeshSplit split = MeshCutter.Split(cube, plane);

        AssertPiecesClose(cube, split, plane);
        Assert.Equal(cube.EnclosedVolumeMm3() / 2, split.Negative.EnclosedVolumeMm3(), 3);
        Assert.Equal(2 * h * 2 * h * Math.Sqrt(2), split.CapAreaMm2, 3);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.0)]
    [InlineData(0.0, 0.3, 1.0)]
    public void Split_AgainAlongAnEarlierCut_StaysWatertight(double nx, double ny, double nz)
    {
        var plane = CutPlane.Through(Vector3d.Zero, new Vector3d(nx, ny, nz));
        TriangleMesh half = MeshCutter.Split(TestSolids.Box(Vector3.Zero, new Vector3(10, 10, 10)), plane).Negative;

        // The half's cap vertices lie on the plane up to single-precision round-off.
        MeshSplit again = MeshCutter.Split(half, plane);

        AssertPiecesClose(half, again, null);
        Assert.True(again.Positive.EnclosedVolumeMm3() < 1e-3 * half.EnclosedVolumeMm3(), $"Expected at most a sliver beyond the earlier cut; was {again.Positive.EnclosedVolumeMm3():0.######} mm³.");
    }

    [Fact]
    public void Split_TriangleSoup_CutsLikeTheIndexedMesh()
    {
        TriangleMesh torus = TestSolids.Torus(20, 6, 48, 24);
        // Every triangle with its own three vertices, as some surface extractors write them.
        var soup = new TriangleMesh(torus.Indices.Select(i => torus.PositionsMm[i]).ToArray(), Enumerable.Range(0, torus.Indices.Length).ToArray());
        var plane = CutPlane.Through(new Vector3d(0, 0, 1), new Vector3d(0.1, 0, 1));

        MeshSplit fromSoup = MeshCutter.Split(soup, plane);
        MeshSplit fromIndexed = MeshCutter.Split(torus, plane);

        AssertPiecesClose(torus, fromSoup, plane);
        Assert.Equal(fromIndexed.Negative.EnclosedVolumeMm3(), fromSoup.Negative.EnclosedVolumeMm3(), 6);
        Assert.Equal(fromIndexed.CapAreaMm2, fromSoup.CapAreaMm2, 6);
    }

    [Fact]
    public void Split_BallInsideAHollowBox_CapsTheIslandInsideTheHole()
    {
        // A shell (box with a box-shaped cavity) holding a ball in its cavity: the section is a square ring with a disc inside
        // its hole, an outer loop, a hole and an island.
        const float outer = 20, cavity = 14, radius = 8;
        TriangleMesh solid = TestSolids.Combine(
            (TestSolids.Box(Vector3.Zero, new Vector3(outer, outer, outer)), false),
            (TestSolids.Box(Vector3.Zero, new Vector3(cavity, cavity, cavity)), true),
            (TestSolids.Sphere(Vector3.Zero, radius, 128, 64), false));
        var plane = CutPlane.Through(new Vector3d(0, 0, 2), Vector3d.UnitZ);

        MeshSplit split = MeshCutter.Split(solid, plane);

        AssertPiecesClose(solid, split, plane);
        double ring = 4 * (outer * outer - cavity * cavity);
        double disc = Math.PI * (radius * radius - 4);
        Assert.True(Math.Abs(split.CapAreaMm2 - (ring + disc)) < 0.01 * (ring + disc), $"Section {split.CapAreaMm2:0.0} mm², ring and disc {ring + disc:0.0} mm².");
    }

    [Theory]
    [InlineData(25.0, 0.0)]
    [InlineData(12.0, 30.0)]
    public void WedgeClosure_BringsTheUpperCutOntoTheLowerOne(double angleDeg, double hingeTurnDeg)
    {
        // A wedge opening toward +y about a hinge along a direction turned in the x–y plane.
        Vector3d hingeAxis = new(Math.Cos(hingeTurnDeg * Math.PI / 180), Math.Sin(hingeTurnDeg * Math.PI / 180), 0);
        Vector3d opening = Vector3d.Cross(Vector3d.UnitZ, hingeAxis);
        double half = angleDeg / 2 * Math.PI / 180;
        var hinge = new Vector3d(4, -7, 12);
        var superior = CutPlane.Through(hinge, opening * Math.Sin(half) - Vector3d.UnitZ * Math.Cos(half));
        var inferior = CutPlane.Through(hinge, opening * Math.Sin(half) + Vector3d.UnitZ * Math.Cos(half));

        WedgeClosure closure = WedgeClosure.Of(superior, inferior, Vector3d.Zero)!;

        Assert.Equal(angleDeg, Math.Abs(closure.AngleDeg), 9);
        Assert.Equal(0, inferior.SignedDistanceMm(closure.HingePointCt), 9);
        Assert.Equal(0, superior.SignedDistanceMm(closure.HingePointCt), 9);
        // Points of the upper cut land on the lower cut, and the hinge stays put.
        foreach (Vector3d onSuperior in new[] { hinge + opening * 30 + Vector3d.UnitZ * (30 * Math.Tan(half)), hinge + hingeAxis * 5 })
        {
            Assert.Equal(0, superior.SignedDistanceMm(onSuperior), 9);
            Assert.Equal(0, inferior.SignedDistanceMm(closure.CtFromCt.Apply(onSuperior)), 9);
        }

        Assert.True(Vector3d.Distance(closure.HingePointCt, closure.CtFromCt.Apply(closure.HingePointCt)) < 1e-9);
    }

    [Fact]
    public void Split_OpenMesh_IsRefused()
    {
        TriangleMesh cube = TestSolids.Box(Vector3.Zero, new Vector3(5, 5, 5));
        var open = new TriangleMesh(cube.PositionsMm, cube.Indices[..^3]);

        var error = Assert.Throws<ArgumentException>(() => MeshCutter.Split(open, CutPlane.Through(Vector3d.Zero, Vector3d.UnitZ)));

        Assert.Contains("closed", error.Message);
    }
}
