using System.Diagnostics;

namespace ArSpine.TestSupport;

/// <summary>The result of an external program: its exit code and what it printed.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs independent oracles: Debian's Python (<c>/usr/bin/python3</c> with pydicom, nibabel, numpy, scipy, scikit-image)
/// and tools such as dcmtk's <c>dcmdump</c>. <c>./arspine test</c> installs them; a missing one fails the test with its name.
/// </summary>
public static class ExternalTool
{
    /// <summary>Debian's Python, whose modules come from apt packages.</summary>
    public const string DebianPython = "/usr/bin/python3";

    /// <summary>Runs a program with arguments, waits at most <paramref name="timeoutSeconds"/>, and returns what it printed.</summary>
    public static ToolResult Run(string program, IEnumerable<string> arguments, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Expected the oracle '{program}' to be installed (./arspine test installs it). Was: {e.Message}", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish within {timeoutSeconds} s.");
            }

            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Runs a Python script with Debian's Python; throws with its error output unless it exits 0. Returns its standard output.</summary>
    public static string RunPython(string script, params string[] arguments)
    {
        var all = new List<string> { "-c", script };
        all.AddRange(arguments);
        ToolResult result = Run(DebianPython, all);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Python oracle failed with exit code {result.ExitCode}:\n{result.StandardError}");
        }

        return result.StandardOutput;
    }
}
