using System.CommandLine;
using ArSpine.App.Cases;
using ArSpine.App.CommandLine;
using ArSpine.App.Modes;
#if WINDOWS
using ArSpine.App.Hosts.StereoKit.HoloLens;
#endif

namespace ArSpine.App.Hosts.StereoKit;

/// <summary>
/// <c>arspine headset CASE</c>: the app on the headset — Review and Navigate (and, with <c>--osteotomy LEVEL</c>, Osteotomy) in the
/// StereoKit host; M or the mode panel switches. On a Windows build the HoloLens camera is the first frame source Navigate offers.
/// Compiled only with the StereoKit host.
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
            var sources = new List<FrameSourceOption>();
#if WINDOWS
            HoloLensFrameSource camera = HoloLensFrameSource.StartAsync(host.Anchor, host.ClockStartTimestamp, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            sources.Add(new FrameSourceOption(camera.Name, () => camera, _ => null));
#endif
            sources.AddRange(NavigateMode.DefaultOptions(package));
            var review = new ReviewMode(host.Port, package);
            using var navigate = new NavigateMode(package, sources);
            host.Run(new ArSpineApp([review, navigate]));
            return 0;
        });
        return command;
    }
}
