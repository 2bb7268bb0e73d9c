using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Plans;

namespace ArSpine.App.Modes;

/// <summary>
/// Review: the case's vertebrae and planned screws in the plan look, and a panel with a toggle per vertebra and per screw,
/// previous/next screw buttons (or <see cref="AppKeys.Previous"/>/<see cref="AppKeys.Next"/>), the selected screw's figures
/// (length, diameter, the predicted grade where the plan has one) and the CT resliced along its trajectory. Every panel text is
/// made at construction and the reslice is recomputed only when the selection changes, so a step allocates nothing.
/// </summary>
public sealed class ReviewMode : IAppMode
{
    /// <summary>Width of the review panel, mm.</summary>
    public const float PanelWidthMm = 140;

    /// <summary>Height of each resliced CT image on the panel, mm.</summary>
    public const float ImageHeightMm = 60;

    /// <summary>Label of the button that selects the previous screw.</summary>
    public const string PreviousLabel = "< Previous screw";

    /// <summary>Label of the button that selects the next screw.</summary>
    public const string NextLabel = "Next screw >";

    private static readonly RgbaColor HeadingColor = new(0.75f, 0.85f, 1.0f);
    private static readonly RgbaColor TextColor = new(0.92f, 0.92f, 0.92f);

    private readonly string[] vertebraToggleLabels;
    private readonly string[] screwToggleLabels;
    private readonly string[] screwFigures;
    private readonly string[] screwGrades;
    private readonly CtReslice? reslice;
    private readonly ImageHandle superiorImage, leftRightImage;
    private int reslicedScrew = -1;

    /// <summary>Uploads the case (see <see cref="CaseScene.Upload"/>) and makes the panel's texts and the reslice images. Initialization only.</summary>
    public ReviewMode(IHologramPort port, CasePackage package)
        : this(port, CaseScene.Upload(port, package))
    {
    }

    /// <summary>Reviews an uploaded scene (shared with other modes: its toggles and selection are this mode's too). Initialization only.</summary>
    public ReviewMode(IHologramPort port, CaseScene scene)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(scene);
        Scene = scene;
        CasePackage package = scene.Package;
        vertebraToggleLabels = [.. scene.LevelLabels];
        IReadOnlyList<ScrewTrajectory> screws = package.Case.Plan.Screws;
        screwToggleLabels = new string[screws.Count];
        screwFigures = new string[screws.Count];
        screwGrades = new string[screws.Count];
        for (int s = 0; s < screws.Count; s++)
        {
            screwToggleLabels[s] = screws[s].Label;
            screwFigures[s] = Figures(screws[s]);
            screwGrades[s] = Grade(screws[s]);
        }

        if (package.Ct is { } ct)
        {
            reslice = new CtReslice(ct);
            superiorImage = port.CreateImage(reslice.SizePx, reslice.SizePx);
            leftRightImage = port.CreateImage(reslice.SizePx, reslice.SizePx);
        }

        PanelPose = DefaultPanelPose(package);
        if (screws.Count > 0 && scene.SelectedScrew < 0)
        {
            scene.SelectedScrew = 0;
        }
    }

    /// <inheritdoc/>
    public string Name => "Review";

    /// <summary>The case drawn; its toggles and selection are what the panel changes.</summary>
    public CaseScene Scene { get; }

    /// <summary>Where the case is drawn, Ct mm to World mm (row-vector); the identity by default (World is the Ct frame).</summary>
    public Matrix4x4 WorldFromCt { get; set; } = Matrix4x4.Identity;

    /// <summary>The panel's top-left corner and orientation in World (see <see cref="IHologramPort.BeginPanel"/>).</summary>
    public Matrix4x4 PanelPose { get; set; }

    /// <summary>The reslice of the selected screw's trajectory; null when the case has no CT.</summary>
    public CtReslice? Reslice => reslice;

    /// <summary>The image on the panel of the plane through the axis and superior (invalid without a CT).</summary>
    public ImageHandle SuperiorImage => superiorImage;

    /// <summary>The image on the panel of the plane through the axis and left–right (invalid without a CT).</summary>
    public ImageHandle LeftRightImage => leftRightImage;

    /// <summary>
    /// The panel's default pose: beside the case on the patient's right (LPS −X), facing posterior (+Y, toward a surgeon behind the
    /// patient), its top at the case's top, reading left to right toward the patient's right.
    /// </summary>
    public static Matrix4x4 DefaultPanelPose(CasePackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        (Vector3 min, Vector3 max) = CaseScene.BoundsCt(package.VertebraMeshes);

        // Panel +X (right) = Ct −X, +Y (up) = Ct +Z, +Z (facing) = Ct +Y.
        return new Matrix4x4(
            -1, 0, 0, 0,
            0, 0, 1, 0,
            0, 1, 0, 0,
            min.X - 30, max.Y, max.Z, 1);
    }

    /// <inheritdoc/>
    public void Step(in InputFrame input, IHologramPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        int screwCount = screwToggleLabels.Length;
        if ((input.KeysPressed & AppKeys.Next) != 0)
        {
            Select(+1);
        }

        if ((input.KeysPressed & AppKeys.Previous) != 0)
        {
            Select(-1);
        }

        port.BeginPanel(Name, PanelPose, PanelWidthMm);
        port.PanelLabel("Vertebrae", HeadingColor);
        bool[] vertebraVisible = Scene.VertebraVisible;
        for (int v = 0; v < vertebraToggleLabels.Length; v++)
        {
            port.PanelToggle(vertebraToggleLabels[v], ref vertebraVisible[v]);
        }

        port.PanelLabel("Screws", HeadingColor);
        bool[] screwVisible = Scene.ScrewVisible;
        for (int s = 0; s < screwCount; s++)
        {
            port.PanelToggle(screwToggleLabels[s], ref screwVisible[s]);
        }

        if (port.PanelButton(PreviousLabel))
        {
            Select(-1);
        }

        if (port.PanelButton(NextLabel))
        {
            Select(+1);
        }

        int selected = Scene.SelectedScrew;
        if (selected >= 0 && selected < screwCount)
        {
            port.PanelLabel(screwFigures[selected], TextColor);
            port.PanelLabel(screwGrades[selected], TextColor);
            if (reslice is not null)
            {
                if (reslicedScrew != selected)
                {
                    reslice.Update(Scene.Package.Case.Plan.Screws[selected]);
                    port.UpdateImage(superiorImage, reslice.AlongSuperior);
                    port.UpdateImage(leftRightImage, reslice.AlongLeftRight);
                    reslicedScrew = selected;
                }

                port.PanelLabel("Along the screw, superior up", HeadingColor);
                port.PanelImage(superiorImage, ImageHeightMm);
                port.PanelLabel("Along the screw, patient's left up", HeadingColor);
                port.PanelImage(leftRightImage, ImageHeightMm);
            }
        }
        else
        {
            port.PanelLabel("No screw selected", TextColor);
        }

        port.EndPanel();
        Scene.Draw(port, WorldFromCt, OverlayLook.Plan);
    }

    /// <summary>Moves the selection by <paramref name="delta"/> screws, wrapping around; nothing without screws.</summary>
    public void Select(int delta)
    {
        int count = screwToggleLabels.Length;
        if (count == 0)
        {
            return;
        }

        int current = Scene.SelectedScrew < 0 ? (delta > 0 ? -1 : 0) : Scene.SelectedScrew;
        Scene.SelectedScrew = ((current + delta) % count + count) % count;
    }

    private static string Figures(ScrewTrajectory screw) =>
        string.Format(CultureInfo.InvariantCulture, "{0}: {1:0.0} mm long, {2:0.0} mm across", screw.Label, screw.LengthMm, screw.DiameterMm);

    private static string Grade(ScrewTrajectory screw) => screw.Predicted is { } p
        ? string.Format(CultureInfo.InvariantCulture, "Predicted grade {0} (margin {1:0.0} mm{2})", p.Grade, p.MarginMm, p.MedialBreach ? ", medial breach" : "")
        : "No predicted grade in the plan";
}
