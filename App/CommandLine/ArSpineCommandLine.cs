using System.CommandLine;
using ArSpine.Core.Errors;

namespace ArSpine.App.CommandLine;

/// <summary>The <c>arspine</c> command line: one subcommand per job. Input errors print one clear message and exit 2, without a stack trace.</summary>
public static class ArSpineCommandLine
{
    /// <summary>Exit code for input that cannot be trusted.</summary>
    public const int InvalidInputExitCode = 2;

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("ArSpine: augmented-reality navigation for spine surgery (planning station and desktop XR emulator).");
        try
        {
            return root.Parse(args).Invoke();
        }
        catch (InvalidInputException e)
        {
            Console.Error.WriteLine($"arspine: {e.Message}");
            return InvalidInputExitCode;
        }
    }
}
