namespace ArSpine.TestSupport;

/// <summary>A fresh folder under the system's temporary folder, removed on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TemporaryFolder()
    {
        FolderPath = Path.Combine(Path.GetTempPath(), "arspine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FolderPath);
    }

    /// <summary>The folder's full path.</summary>
    public string FolderPath { get; }

    /// <summary>A path inside the folder.</summary>
    public string PathOf(string name) => Path.Combine(FolderPath, name);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(FolderPath, recursive: true);
        }
        catch (IOException)
        {
            // Left behind for the OS to clean; a test's result does not depend on it.
        }
    }
}
