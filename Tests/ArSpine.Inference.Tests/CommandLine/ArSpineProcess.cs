using ArSpine.App.CommandLine;
using ArSpine.TestSupport;

namespace ArSpine.Inference.Tests.CommandLine;

/// <summary>Runs the built <c>arspine</c> app as a separate process, as a user's shell would.</summary>
internal static class ArSpineProcess
{
    private static readonly string AppDll = typeof(ArSpineCommandLine).Assembly.Location;

    /// <summary>Runs <c>arspine ARGS</c> and returns its exit code and output.</summary>
    public static ToolResult Run(params string[] arguments) => ExternalTool.Run("dotnet", [AppDll, .. arguments], timeoutSeconds: 300);

    /// <summary>True when the text holds a .NET stack trace.</summary>
    public static bool HasStackTrace(string text) => text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Unhandled exception", StringComparison.Ordinal);
}
