using System.CommandLine;
using ArSpine.App.Cases;
using ArSpine.App.CommandLine;
using ArSpine.App.Modes;
#if WINDOWS
using ArSpine.App.Hosts.StereoKit.HoloLens;
#endif

namespace ArSpine.App.Hosts.StereoKit;

/// <summary>
/// <c>arspine headset CASE</c>: the app on the headset in the StereoKit host — Review, and on a Windows (HoloLens) build Navigate
/// with the HoloLens camera as its only frame source; M or the mode panel switches. Compiled only with the StereoKit host.
/// </summary>
internal static class HeadsetCommand
{
    public static Command Create()
    {
        var caseArgument = new Argument<string>("CASE") { Description = "The case folder (from prepare), or 'phantom' for the sample phantom packaged in memory" };
        var command = new Command("headset", "Run the app on the headset (StereoKit, OpenXR): review the case and navigate with the headset's camera")
        {
            caseArgument,
        };
        command.SetAction(parse =>
        {
            CasePackage package = CaseViewing.LoadCase(parse.GetValue(caseArgument)!);
            StereoKitHost host = StereoKitHost.Start(StereoKitHost.DefaultSettings);
            var modes = new List<IAppMode> { new ReviewMode(host.Port, package) };
#if WINDOWS
            // On the headset only the headset's own camera is offered: its poses are located in the app's World (the anchor).
            // Sources whose World pose is not measured (a webcam, a tracker at an assumed origin) or that simulate a patient are not.
            HoloLensFrameSource camera = HoloLensFrameSource.StartAsync(host.Anchor, host.ClockStartTimestamp, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            using var navigate = new NavigateMode(package, [new FrameSourceOption(camera.Name, () => camera, _ => null)]);
            modes.Add(navigate);
#endif
            host.Run(new ArSpineApp(modes));
            return 0;
        });
        return command;
    }
}
