namespace ArSpine.TestSupport;

/// <summary>Finds the project root and <c>../shared/data</c>, the real files tests read in place (never copied).</summary>
public static class SharedData
{
    /// <summary>The repository root: the nearest folder above the test assembly that holds ArSpine.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared data folder, <c>../shared/data</c> beside the repository; may not exist.</summary>
    public static string Folder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>The full path of a file or folder under the shared data folder.</summary>
    public static string PathOf(string relativePath) => Path.Combine(Folder, relativePath);

    /// <summary>The reason to skip a test that needs <paramref name="relativePath"/>, or null when it is there.</summary>
    public static string? SkipReason(string relativePath) =>
        File.Exists(PathOf(relativePath)) || Directory.Exists(PathOf(relativePath))
            ? null
            : $"Skipped: needs the shared test data '{relativePath}' under {Folder}, which is absent in this checkout.";

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ArSpine.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Expected ArSpine.sln in a folder above {AppContext.BaseDirectory}. Was not found.");
    }
}

/// <summary>A fact that is skipped, with a message naming the missing path, where the shared test data is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Skips unless <paramref name="relativePath"/> exists under <c>../shared/data</c>.</summary>
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.SkipReason(relativePath) is string reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that is skipped, with a message naming the missing path, where the shared test data is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips unless <paramref name="relativePath"/> exists under <c>../shared/data</c>.</summary>
    public SharedDataTheoryAttribute(string relativePath)
    {
        if (SharedData.SkipReason(relativePath) is string reason)
        {
            Skip = reason;
        }
    }
}
