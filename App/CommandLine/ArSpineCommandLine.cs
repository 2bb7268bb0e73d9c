using System.CommandLine;
using ArSpine.Core.Errors;

namespace ArSpine.App.CommandLine;

/// <summary>
/// The <c>arspine</c> command line: one subcommand per job. Input that cannot be trusted prints one clear message and exits 2;
/// a missing system part (display, library, camera) or an I/O failure prints its message and exits 1. No stack traces.
/// </summary>
public static class ArSpineCommandLine
{
    /// <summary>Exit code for input that cannot be trusted.</summary>
    public const int InvalidInputExitCode = 2;

    /// <summary>Exit code for an environment or I/O failure.</summary>
    public const int FailureExitCode = 1;

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("ArSpine: augmented-reality navigation for spine surgery (planning station and desktop XR emulator).")
        {
            DemoCommand.Create(),
            PhantomCommand.Create(),
            PrepareCommand.Create(),
            SeriesCommand.Create(),
            VolumeCommand.Create(),
            SegmentCommand.Create(),
            MeshCommand.Create(),
            PlanCommand.Create(),
            CheckPlanCommand.Create(),
            OsteotomyCommand.Create(),
            SlicerCommands.Export(),
            SlicerCommands.Import(),
            DetectCommand.Create(),
            CalibrateCommand.Create(),
            RegisterCommand.Create(),
            AccuracyCommand.Create(),
            RenderCommand.Create(),
            ReviewCommand.Create(),
            RehearseCommand.Create(),
            NavigateCommand.Create(),
        };
#if ARSPINE_STEREOKIT
        root.Subcommands.Add(Hosts.StereoKit.HeadsetCommand.Create());
#endif
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InvalidInputException e)
        {
            Console.Error.WriteLine($"arspine: {e.Message}");
            return InvalidInputExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Hosts.HostException or Navigation.NavigationSourceException)
        {
            Console.Error.WriteLine($"arspine: {e.Message}");
            return FailureExitCode;
        }
    }
}
