namespace ArSpine.TestSupport;

/// <summary>
/// Runs the built <c>arspine</c> app as a separate process, as a user's shell would. Test projects that reference the App
/// project find <c>arspine.dll</c> beside their own assembly.
/// </summary>
public static class ArSpineProcess
{
    private static readonly string AppDll = Path.Combine(AppContext.BaseDirectory, "arspine.dll");

    /// <summary>Runs <c>arspine ARGS</c> and returns its exit code and output; fails clearly when the app is not built beside the tests.</summary>
    public static ToolResult Run(params string[] arguments)
    {
        if (!File.Exists(AppDll))
        {
            throw new InvalidOperationException($"Expected the app at {AppDll}: the test project must reference App/ArSpine.App.csproj.");
        }

        return ExternalTool.Run("dotnet", [AppDll, .. arguments], timeoutSeconds: 300);
    }

    /// <summary>True when the text holds a .NET stack trace.</summary>
    public static bool HasStackTrace(string text) => text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Unhandled exception", StringComparison.Ordinal);
}
