using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ArSpine.Registration.Tests.OpenIGTLink;

/// <summary>
/// Real OpenIGTLink peers: the example programs of Debian's openigtlink-examples (sources), built once per machine
/// against libopenigtlink-dev with g++ into a cache folder, then started and stopped by the tests on 127.0.0.1.
/// </summary>
internal sealed class IgtlPeer : IDisposable
{
    private const string ExamplesFolder = "/usr/share/doc/openigtlink-examples/examples";
    private static readonly string CacheFolder = Path.Combine(Path.GetTempPath(), "arspine-igtl-peers-1.11");
    private static readonly object BuildGate = new();
    private readonly Process process;
    private readonly StringBuilder output = new();

    private IgtlPeer(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-oL", "-eL", Build(program) }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the peer printed so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts an example program, such as "Receiver/ReceiveServer", with arguments.</summary>
    public static IgtlPeer Start(string program, params string[] arguments) => new(program, arguments);

    /// <summary>A TCP port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Waits (bounded) until the output contains <paramref name="text"/> <paramref name="count"/> times; returns whether it did.</summary>
    public bool WaitFor(string text, int count = 1, int timeoutMs = 5000)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < timeoutMs)
        {
            if (Occurrences(Output, text) >= count)
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>Stops the peer (it is started by this test and killed by its own process id).</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(2000);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    private static int Occurrences(string haystack, string needle)
    {
        int count = 0;
        for (int at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Build(string program)
    {
        string source = Path.Combine(ExamplesFolder, program + ".cxx");
        if (!File.Exists(source))
        {
            throw new InvalidOperationException($"Expected the OpenIGTLink example {source} (Debian openigtlink-examples and libopenigtlink-dev; ./arspine test installs them). Was not found.");
        }

        string binary = Path.Combine(CacheFolder, Path.GetFileName(program));
        lock (BuildGate)
        {
            if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(source))
            {
                Directory.CreateDirectory(CacheFolder);
                string temporary = binary + "." + Environment.ProcessId + ".tmp";
                var result = TestSupport.ExternalTool.Run("g++", ["-O1", "-I/usr/include/openigtlink", source, "-o", temporary, "-lOpenIGTLink"]);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"Building {program} failed:\n{result.StandardError}");
                }

                File.Move(temporary, binary, overwrite: true);
            }
        }

        return binary;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
