using System.Globalization;
using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.App.Modes;

/// <summary>What stage a trainee's osteotomy is at.</summary>
public enum OsteotomyStage
{
    /// <summary>Placing the upper cut.</summary>
    PlaceSuperior,

    /// <summary>Placing the lower cut (the upper one is fixed).</summary>
    PlaceInferior,

    /// <summary>Both cuts fixed, the resection computed and scored.</summary>
    Scored,
}

/// <summary>
/// A trainee's score for a wedge osteotomy: 100 points, less <see cref="AnglePointsPerDeg"/> for each degree between a cut and
/// the planned one, <see cref="OffsetPointsPerMm"/> for each mm a cut lies off the centre of the planned bone section, and
/// <see cref="CanalPoints"/> when the wedge sweeps through canal the plan leaves alone; never below 0.
/// </summary>
/// <param name="Points">The score, 0 to 100.</param>
/// <param name="Comparison">The figures it comes from (Planning's <see cref="CutScoring"/>).</param>
public sealed record OsteotomyScore(double Points, CutComparison Comparison)
{
    /// <summary>Points taken per degree of angle error, summed over both cuts.</summary>
    public const double AnglePointsPerDeg = 2;

    /// <summary>Points taken per mm of offset, summed over both cuts.</summary>
    public const double OffsetPointsPerMm = 2;

    /// <summary>Points taken when the trainee's wedge enters the canal beyond the plan.</summary>
    public const double CanalPoints = 25;

    /// <summary>The score of a comparison.</summary>
    public static OsteotomyScore Of(CutComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        double lost = AnglePointsPerDeg * (comparison.SuperiorAngleErrorDeg + comparison.InferiorAngleErrorDeg)
            + OffsetPointsPerMm * (Math.Abs(comparison.SuperiorOffsetMm) + Math.Abs(comparison.InferiorOffsetMm))
            + (comparison.EntersCanal ? CanalPoints : 0);
        return new OsteotomyScore(Math.Clamp(100 - lost, 0, 100), comparison);
    }
}

/// <summary>
/// Osteotomy training: the trainee cuts the planned vertebra with a virtual osteotome. While pinching, the blade follows the hand:
/// its plane passes through the hand's point and contains the pointer ray and the plan's hinge (left–right) axis, so pointing
/// sets where the cut goes and its tilt. <see cref="AppKeys.Accept"/> (or the panel's Accept) fixes the upper cut, then the lower
/// one; then the resection is cut from the vertebra's mesh and scored against the plan (<see cref="CutScoring"/>), and the score
/// shows on the panel with the planned planes and the trainee's wedge. <see cref="AppKeys.Reject"/> (Undo) steps back.
/// The scoring allocates, once, when the second cut is accepted; other steps allocate nothing.
/// </summary>
public sealed class OsteotomyMode : IAppMode
{
    /// <summary>Width of the panel, mm.</summary>
    public const float PanelWidthMm = 130;

    /// <summary>Side of the square blade drawn, mm.</summary>
    public const float BladeSizeMm = 70;

    /// <summary>Label of the button that fixes the blade as the current cut.</summary>
    public const string AcceptLabel = "Accept cut";

    /// <summary>Label of the button that steps back one cut.</summary>
    public const string UndoLabel = "Undo";

    /// <summary>Label of the button that starts again.</summary>
    public const string RestartLabel = "Restart";

    private static readonly RgbaColor BladeColor = new(0.55f, 0.75f, 0.95f, 0.45f);
    private static readonly RgbaColor FixedColor = new(0.2f, 0.9f, 0.35f, 0.45f);
    private static readonly RgbaColor PlanColor = new(1.0f, 0.9f, 0.15f, 0.35f);
    private static readonly RgbaColor WedgeColor = new(0.9f, 0.2f, 0.15f);
    private static readonly RgbaColor TextColor = new(0.92f, 0.92f, 0.92f);
    private static readonly RgbaColor HeadingColor = new(0.75f, 0.85f, 1.0f);

    private readonly IHologramPort uploadPort;
    private readonly int vertebraIndex;
    private readonly TriangleMesh vertebraMesh;
    private readonly MeshHandle box;
    private readonly string planText;
    private readonly string[] stageTexts;
    private readonly Vector3 leftAxisCt, superiorAxisCt;
    private string[] resultTexts = [];
    private MeshHandle wedge;
    private Vector3 bladePointCt, bladeDirectionCt;
    private CutPlane? superiorCut;

    /// <summary>
    /// Trains <paramref name="plan"/> on its vertebra of <paramref name="scene"/> (the level must be one of the case's); uploads the
    /// blade's box. Initialization only.
    /// </summary>
    public OsteotomyMode(IHologramPort port, CaseScene scene, OsteotomyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(plan);
        uploadPort = port;
        Scene = scene;
        Plan = plan;
        vertebraIndex = -1;
        IReadOnlyList<Core.Cases.CaseVertebra> vertebrae = scene.Package.Case.Vertebrae;
        for (int v = 0; v < vertebrae.Count; v++)
        {
            if (vertebrae[v].Name == plan.Level)
            {
                vertebraIndex = v;
            }
        }

        if (vertebraIndex < 0)
        {
            throw new ArgumentException($"Expected the osteotomy's level among the case's vertebrae. Was {plan.Level}.", nameof(plan));
        }

        vertebraMesh = scene.Package.VertebraMeshes[vertebraIndex];
        box = port.UploadMesh(PrimitiveMeshes.Box(Vector3.One));
        leftAxisCt = plan.HingeAxisCt.ToVector3();
        superiorAxisCt = plan.SuperiorAxisCt.ToVector3();
        string kind = plan.Type == OsteotomyType.PedicleSubtraction ? "pedicle subtraction" : "Smith-Petersen/Ponte";
        planText = string.Format(CultureInfo.InvariantCulture, "Plan: {0} of {1}, {2:0.#} deg wedge", kind, plan.Level, plan.AngleDeg);
        stageTexts =
        [
            "Pinch and point to place the upper cut; Accept fixes it",
            "Pinch and point to place the lower cut; Accept fixes it",
            "Scored: the plan in yellow, your wedge in red",
        ];
        Restart();
    }

    /// <inheritdoc/>
    public string Name => "Osteotomy";

    /// <summary>The case; its vertebra <see cref="OsteotomyPlan.Level"/> is cut.</summary>
    public CaseScene Scene { get; }

    /// <summary>The plan the cuts are scored against.</summary>
    public OsteotomyPlan Plan { get; }

    /// <summary>Where the case is drawn, Ct mm to World mm (row-vector); the identity by default.</summary>
    public Matrix4x4 WorldFromCt { get; set; } = Matrix4x4.Identity;

    /// <summary>The panel's top-left corner and orientation in World (see <see cref="IHologramPort.BeginPanel"/>).</summary>
    public Matrix4x4 PanelPose { get; set; } = Matrix4x4.Identity;

    /// <summary>The stage reached.</summary>
    public OsteotomyStage Stage { get; private set; }

    /// <summary>The fixed upper cut (Ct frame, normal into the wedge); null until accepted.</summary>
    public CutPlane? SuperiorCut => superiorCut;

    /// <summary>The fixed lower cut; null until accepted.</summary>
    public CutPlane? InferiorCut { get; private set; }

    /// <summary>The score once both cuts are fixed; null before.</summary>
    public OsteotomyScore? Score { get; private set; }

    /// <summary>The panel's result rows once scored (empty before).</summary>
    public IReadOnlyList<string> ResultTexts => resultTexts;

    /// <summary>
    /// The cut plane a blade at <paramref name="pointCt"/> along <paramref name="directionCt"/> makes (Ct frame): through the point,
    /// containing the direction and <paramref name="hingeAxisCt"/>, its normal turned into the wedge (down for the upper cut, up for
    /// the lower). Null when the direction runs along the hinge.
    /// </summary>
    public static CutPlane? BladePlane(Vector3d pointCt, Vector3d directionCt, Vector3d hingeAxisCt, Vector3d superiorAxisCt, bool upperCut)
    {
        Vector3d normal = Vector3d.Cross(directionCt, hingeAxisCt);
        if (normal.Length < 1e-6 * directionCt.Length * hingeAxisCt.Length || !normal.IsFinite)
        {
            return null;
        }

        double side = Vector3d.Dot(normal, superiorAxisCt);
        if ((upperCut && side > 0) || (!upperCut && side < 0))
        {
            normal = -normal;
        }

        return CutPlane.Through(pointCt, normal);
    }

    /// <summary>Forgets both cuts and the score; the blade goes back above the vertebra.</summary>
    public void Restart()
    {
        ReleaseWedge();
        superiorCut = null;
        InferiorCut = null;
        Score = null;
        resultTexts = [];
        Stage = OsteotomyStage.PlaceSuperior;
        bladePointCt = Plan.SuperiorCutCentreCt.ToVector3() + superiorAxisCt * 25;
        bladeDirectionCt = -Plan.Canal.PosteriorAxisCt.ToVector3();
    }

    /// <inheritdoc/>
    public void Step(in InputFrame input, IHologramPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (input.Pinch.IsDown && Stage != OsteotomyStage.Scored && Matrix4x4.Invert(WorldFromCt, out Matrix4x4 ctFromWorld))
        {
            bladePointCt = Vector3.Transform(input.HandWorldMm, ctFromWorld);
            bladeDirectionCt = Vector3.TransformNormal(input.PointerDirectionWorld, ctFromWorld);
        }

        bool accept = (input.KeysPressed & AppKeys.Accept) != 0;
        bool undo = (input.KeysPressed & AppKeys.Reject) != 0;
        port.BeginPanel(Name, PanelPose, PanelWidthMm);
        port.PanelLabel(planText, HeadingColor);
        port.PanelLabel(stageTexts[(int)Stage], TextColor);
        accept |= Stage != OsteotomyStage.Scored && port.PanelButton(AcceptLabel);
        undo |= Stage != OsteotomyStage.PlaceSuperior && port.PanelButton(UndoLabel);
        bool restart = port.PanelButton(RestartLabel);
        for (int r = 0; r < resultTexts.Length; r++)
        {
            port.PanelLabel(resultTexts[r], TextColor);
        }

        port.EndPanel();
        if (restart)
        {
            Restart();
        }
        else if (undo)
        {
            Undo();
        }
        else if (accept)
        {
            Accept();
        }

        Draw(port);
    }

    private void Accept()
    {
        if (Stage == OsteotomyStage.Scored)
        {
            return;
        }

        CutPlane? plane = BladePlane(Vector3d.From(bladePointCt), Vector3d.From(bladeDirectionCt), Plan.HingeAxisCt, Plan.SuperiorAxisCt, Stage == OsteotomyStage.PlaceSuperior);
        if (plane is null)
        {
            return;
        }

        if (Stage == OsteotomyStage.PlaceSuperior)
        {
            superiorCut = plane;
            Stage = OsteotomyStage.PlaceInferior;
            return;
        }

        InferiorCut = plane;
        ScoreCuts(superiorCut!, plane);
        Stage = OsteotomyStage.Scored;
    }

    private void Undo()
    {
        if (Stage == OsteotomyStage.Scored)
        {
            ReleaseWedge();
            InferiorCut = null;
            Score = null;
            resultTexts = [];
            Stage = OsteotomyStage.PlaceInferior;
        }
        else if (Stage == OsteotomyStage.PlaceInferior)
        {
            superiorCut = null;
            Stage = OsteotomyStage.PlaceSuperior;
        }
    }

    private void ScoreCuts(CutPlane superior, CutPlane inferior)
    {
        OsteotomyScore score = OsteotomyScore.Of(CutScoring.Compare(Plan, vertebraMesh, superior, inferior));
        Score = score;
        CutComparison c = score.Comparison;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        resultTexts =
        [
            string.Format(invariant, "Score {0:0} / 100", score.Points),
            string.Format(invariant, "Upper cut: {0:0.0} deg off, {1:+0.0;-0.0;0.0} mm", c.SuperiorAngleErrorDeg, c.SuperiorOffsetMm),
            string.Format(invariant, "Lower cut: {0:0.0} deg off, {1:+0.0;-0.0;0.0} mm", c.InferiorAngleErrorDeg, c.InferiorOffsetMm),
            string.Format(invariant, "Resected {0:0} mm3 (plan {1:0})", c.TraineeVolumeMm3, c.PlannedVolumeMm3),
            string.Format(invariant, "Correction {0:0.0} deg (plan {1:0.0})", c.TraineeCorrectionDeg, c.PlannedCorrectionDeg),
            c.EntersCanal ? string.Format(invariant, "Canal entered: {0:0} mm3 beyond the plan", c.CanalIntrusionMm3) : "Canal clear",
        ];
        TriangleMesh resected = MeshCutter.CutWedge(vertebraMesh, superior, inferior).Wedge;
        if (resected.TriangleCount > 0)
        {
            wedge = uploadPort.UploadMesh(resected);
        }
    }

    private void ReleaseWedge()
    {
        if (wedge.IsValid)
        {
            uploadPort.ReleaseMesh(wedge);
            wedge = default;
        }
    }

    private void Draw(IHologramPort port)
    {
        Matrix4x4 worldFromCt = WorldFromCt;
        if (Stage == OsteotomyStage.Scored)
        {
            if (wedge.IsValid)
            {
                port.DrawMesh(wedge, worldFromCt, WedgeColor);
            }

            DrawPlane(port, Plan.SuperiorCut, Plan.SuperiorCutCentreCt, PlanColor);
            DrawPlane(port, Plan.InferiorCut, Plan.InferiorCutCentreCt, PlanColor);
        }
        else
        {
            Vector3 normal = Vector3.Cross(bladeDirectionCt, leftAxisCt);
            if (normal.LengthSquared() > 1e-12f)
            {
                DrawSquare(port, bladePointCt, Vector3.Normalize(bladeDirectionCt), Vector3.Normalize(normal), BladeColor);
            }
        }

        if (superiorCut is { } upper)
        {
            DrawPlane(port, upper, upper.PointCt, FixedColor);
        }

        if (InferiorCut is { } lower)
        {
            DrawPlane(port, lower, lower.PointCt, FixedColor);
        }

        Scene.DrawVertebra(port, vertebraIndex, worldFromCt, CaseScene.LevelTint(vertebraIndex).WithAlpha(Stage == OsteotomyStage.Scored ? 0.35f : 0.6f));
    }

    private void DrawPlane(IHologramPort port, CutPlane plane, Core.Geometry.Vector3d centreCt, RgbaColor color)
    {
        Vector3 normal = plane.NormalCt.ToVector3();
        Vector3 inPlane = Vector3.Cross(leftAxisCt, normal);
        if (inPlane.LengthSquared() < 1e-12f)
        {
            return;
        }

        DrawSquare(port, centreCt.ToVector3(), Vector3.Normalize(inPlane), normal, color);
    }

    /// <summary>A flat square <see cref="BladeSizeMm"/> across centred on a Ct point, spanning the hinge axis and <paramref name="alongCt"/>, 0.6 mm thick along <paramref name="normalCt"/>.</summary>
    private void DrawSquare(IHologramPort port, Vector3 centreCt, Vector3 alongCt, Vector3 normalCt, RgbaColor color)
    {
        Vector3 left = Vector3.Normalize(Vector3.Cross(normalCt, alongCt)) * BladeSizeMm;
        Vector3 along = alongCt * BladeSizeMm, thick = normalCt * 0.6f;
        var ctFromBox = new Matrix4x4(
            left.X, left.Y, left.Z, 0,
            along.X, along.Y, along.Z, 0,
            thick.X, thick.Y, thick.Z, 0,
            centreCt.X, centreCt.Y, centreCt.Z, 1);
        port.DrawMesh(box, ctFromBox * WorldFromCt, color);
    }
}
