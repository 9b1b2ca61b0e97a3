namespace BackorderDesk.Tests.TestSupport;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds <c>Backorders.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    public static string WwwrootAssets => Path.Combine(Root, "wwwroot-assets");

    public static string AppProject => Path.Combine(Root, "BackorderDesk");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backorders.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Backorders.sln above {AppContext.BaseDirectory}.");
    }
}
