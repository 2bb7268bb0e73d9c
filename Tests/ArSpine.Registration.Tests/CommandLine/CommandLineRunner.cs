using ArSpine.App.CommandLine;

namespace ArSpine.Registration.Tests.CommandLine;

/// <summary>Runs the arspine command line in-process and captures what it prints. Console redirection is process-wide, so these tests share one non-parallel collection.</summary>
internal static class CommandLineRunner
{
    private static readonly object Gate = new();

    public static (int ExitCode, string StandardOutput, string StandardError) Run(params string[] args)
    {
        lock (Gate)
        {
            TextWriter oldOut = Console.Out, oldError = Console.Error;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            try
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                int code = ArSpineCommandLine.Run(args);
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}

/// <summary>The collection of tests that redirect the console.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
