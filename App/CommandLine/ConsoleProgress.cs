using Spectre.Console;

namespace ArSpine.App.CommandLine;

/// <summary>Runs long work behind a Spectre.Console progress bar on the error stream, so standard output keeps only results.</summary>
internal static class ConsoleProgress
{
    private static readonly IAnsiConsole ErrorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Runs <paramref name="work"/>, which reports progress from 0 to 1, under a bar named <paramref name="description"/>.</summary>
    public static T Run<T>(string description, Func<IProgress<double>, T> work)
    {
        T result = default!;
        ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(description, maxValue: 1);
                result = work(new Progress(task));
                task.Value = 1;
            });
        return result;
    }

    /// <summary>Runs work without a result under a bar.</summary>
    public static void Run(string description, Action<IProgress<double>> work) => Run<bool>(description, p =>
    {
        work(p);
        return true;
    });

    private sealed class Progress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
