using System.CommandLine;
using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using ArSpine.Core.Plans;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine render CASE [--eye x,y,z --look x,y,z] [--width W --height H] -o FRAME.png</c>: one offscreen frame of a case
/// package as the desktop host draws it (<see cref="CaseScene"/>, plan look, World = Ct), written as a PNG. Points are Ct (LPS mm).
/// By default the whole case is framed from behind the patient, as the surgeon stands for a posterior approach.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var casePath = new Argument<string>("CASE") { Description = "Case folder (with case.json), as prepare writes it" };
        var output = new Option<string>("--output", "-o") { Description = "PNG file to write", Required = true };
        var eye = new Option<string?>("--eye") { Description = "Eye position x,y,z, Ct (LPS) mm; with --look" };
        var look = new Option<string?>("--look") { Description = "Point looked at x,y,z, Ct (LPS) mm; with --eye" };
        var width = new Option<int>("--width") { Description = "Frame width, pixels", DefaultValueFactory = _ => 1600 };
        var height = new Option<int>("--height") { Description = "Frame height, pixels", DefaultValueFactory = _ => 1000 };
        var command = new Command("render", "Render a case package offscreen to a PNG: by default the whole case seen from behind the patient")
        {
            casePath, output, eye, look, width, height,
        };
        command.SetAction(parse =>
        {
            string pngPath = parse.GetValue(output)!;
            if (!pngPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                throw InvalidInputException.Field(null, "--output", "a PNG file name ending in .png", pngPath);
            }

            int widthPx = parse.GetValue(width), heightPx = parse.GetValue(height);
            ArgumentParsing.PictureSize("--width", widthPx);
            ArgumentParsing.PictureSize("--height", heightPx);
            string? eyeText = parse.GetValue(eye), lookText = parse.GetValue(look);
            if ((eyeText is null) != (lookText is null))
            {
                throw InvalidInputException.Field(null, eyeText is null ? "--eye" : "--look", "--eye and --look given together", "only one of them");
            }

            Vector3? eyeMm = eyeText is null ? null : Point("--eye", eyeText);
            Vector3? lookMm = lookText is null ? null : Point("--look", lookText);
            if (eyeMm is { } e && lookMm is { } l && Vector3.Distance(e, l) < 1)
            {
                throw InvalidInputException.Field(null, "--look", "a point at least 1 mm from --eye", lookText);
            }

            CasePackage package = CasePackage.Load(parse.GetValue(casePath)!);
            ViewCamera camera = eyeMm is { } eyePoint && lookMm is { } lookPoint
                ? LookCamera(package, eyePoint, lookPoint)
                : CaseViewing.PosteriorCamera(package, widthPx, heightPx);
            string renderer = Render(package, camera, widthPx, heightPx, pngPath);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Rendered {package.Case.Vertebrae.Count} vertebrae and {package.Case.Plan.Screws.Count} screws ({renderer}) from eye {camera.EyeWorldMm:0.0} mm (LPS) to {Path.GetFullPath(pngPath)}"));
            return 0;
        });
        return command;
    }

    /// <summary>Renders one frame of the case (plan look, World = Ct) with a hidden desktop window and writes it; returns the GL renderer's name.</summary>
    public static string Render(CasePackage package, ViewCamera camera, int widthPx, int heightPx, string pngPath)
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "ArSpine render", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, widthPx, heightPx);
        CaseScene scene = CaseScene.Upload(renderer, package);
        scene.Draw(renderer, Matrix4x4.Identity, OverlayLook.Plan);
        renderer.RenderFrame(camera, DesktopHostOptions.DefaultBackground);
        PngWriter.Save(pngPath, renderer.ReadPixels(), widthPx, heightPx);
        return window.RendererName;
    }

    /// <summary>A camera at <paramref name="eyeMm"/> looking at <paramref name="lookMm"/>, superior up (anterior up when looking along the superior axis), with a depth range that holds the whole case.</summary>
    public static ViewCamera LookCamera(CasePackage package, Vector3 eyeMm, Vector3 lookMm)
    {
        (Vector3 min, Vector3 max) = CaseViewing.Bounds(package);
        Vector3 centre = (min + max) / 2;
        float radius = (max - min).Length() / 2;
        Vector3 forward = Vector3.Normalize(lookMm - eyeMm);
        Vector3 up = MathF.Abs(forward.Z) > 0.99f ? -Vector3.UnitY : Vector3.UnitZ;
        float far = Vector3.Distance(eyeMm, centre) + 2 * radius + 10;
        return new ViewCamera(eyeMm, lookMm, up, CaseViewing.VerticalFovDeg, Math.Max(0.5f, far / 10000), far);
    }

    private static Vector3 Point(string option, string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[3];
        bool valid = parts.Length == 3;
        for (int n = 0; valid && n < 3; n++)
        {
            valid = float.TryParse(parts[n], NumberStyles.Float, CultureInfo.InvariantCulture, out values[n]) && float.IsFinite(values[n]);
        }

        if (!valid)
        {
            throw InvalidInputException.Field(null, option, "a point x,y,z in Ct (LPS) mm: three numbers separated by commas, such as 0,250,40", text);
        }

        return new Vector3(values[0], values[1], values[2]);
    }
}
