using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Rendering;
using ArSpine.App.Tests.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.App.Tests.Modes;

/// <summary>The osteotomy mode through the real desktop renderer: the resected wedge shows where the plan says.</summary>
[Collection(GlfwCollection.Name)]
public sealed class OsteotomyRenderTests
{
    private const int Width = 400, Height = 300;

    [DisplayFact]
    public void Step_PlannedCutsScored_ResectedWedgeRedAtTheProjectionOfTheWedgeCentre()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        OsteotomyPlan plan = OsteotomyPlanner.Plan(TestCases.FiveLevelPhantom.Labels!, "L3", OsteotomyType.PedicleSubtraction, 25);
        var mode = new OsteotomyMode(renderer, CaseScene.Upload(renderer, TestCases.FiveLevelPhantom), plan);
        // From the patient's left (LPS +X), superior up: the wedge opens posteriorly in the sagittal view.
        Vector3 centre = ((plan.SuperiorCutCentreCt + plan.InferiorCutCentreCt) / 2).ToVector3();
        var camera = new ViewCamera(centre + new Vector3(250, 0, 0), centre, Vector3.UnitZ, 35, 20, 1000);

        foreach ((CutPlane cut, Vector3d at) in new[] { (plan.SuperiorCut, plan.SuperiorCutCentreCt), (plan.InferiorCut, plan.InferiorCutCentreCt) })
        {
            Vector3 direction = Vector3d.Cross(plan.HingeAxisCt, cut.NormalCt).Normalized().ToVector3();
            mode.Step(new InputFrame(0, Matrix4x4.Identity, at.ToVector3() - direction * 100, direction, 100, new ButtonState(true, true, false), ButtonState.Up, AppKeys.Accept), renderer);
            renderer.RenderFrame(camera, RgbaColor.Black);
        }

        mode.Step(new InputFrame(0, Matrix4x4.Identity, Vector3.Zero, -Vector3.UnitY, 100, ButtonState.Up, ButtonState.Up, AppKeys.None), renderer);
        renderer.RenderFrame(camera, DesktopHostOptions.DefaultBackground);
        byte[] pixels = renderer.ReadPixels();
        if (Environment.GetEnvironmentVariable("ARSPINE_RENDER_TEST_DIR") is { Length: > 0 } folder)
        {
            PngWriter.Save(Path.Combine(folder, "osteotomy-scored.png"), pixels, Width, Height);
        }

        Assert.Equal(OsteotomyStage.Scored, mode.Stage);
        // The wedge's bone lies between the two cut sections; the point midway between their centres is inside it.
        Vector2 p = camera.Project(centre, Width, Height);
        int x = (int)p.X, y = (int)p.Y, reddish = 0;
        for (int dy = -3; dy <= 3; dy++)
        {
            for (int dx = -3; dx <= 3; dx++)
            {
                int at = 4 * ((y + dy) * Width + x + dx);
                reddish += pixels[at] > 1.6 * pixels[at + 1] && pixels[at] > 1.6 * pixels[at + 2] && pixels[at] > 90 ? 1 : 0;
            }
        }

        Assert.True(reddish > 25, $"Expected the red wedge around {p}. Was {reddish} of 49 reddish pixels.");
    }
}
