using System.Diagnostics;
using System.Reflection;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// The app's own front-end sources live in wwwroot-assets/ at the repository root and reach the
/// browser through the CopyWwwrootAssets target in BackorderDesk.csproj.
/// </summary>
public sealed class FrontEndAssetsTests(DeskTestHost factory) : IClassFixture<DeskTestHost>
{
    [Theory]
    [InlineData("css/theme.css", "text/css")]
    [InlineData("img/logo.svg", "image/svg+xml")]
    [InlineData("js/theme.js", "text/javascript")]
    [InlineData("js/receiving.js", "text/javascript")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task App_serves_the_file_from_wwwroot_assets_unchanged(string path, string contentType)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/" + path, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var served = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var source = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.WwwrootAssets, path), TestContext.Current.CancellationToken);
        Assert.Equal(source, served);
    }

    [Fact]
    public async Task Pages_reference_the_assets_by_their_fingerprinted_urls()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        // @Assets["css/theme.css"] renders css/theme.<fingerprint>.css; the plain name would mean
        // the asset is not in the static web assets manifest.
        Assert.Matches("href=\"css/theme\\.[a-z0-9]+\\.css\"", html);
        Assert.Matches("src=\"js/theme\\.[a-z0-9]+\\.js\"", html);
        Assert.Matches("src=\"js/receiving\\.[a-z0-9]+\\.js\"", html);
        Assert.Matches("src=\"img/logo\\.[a-z0-9]+\\.svg\"", html);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// PUBLISH TEST: runs <c>dotnet publish --no-build</c> of the already built app (about 10 s) and
    /// checks that every file of wwwroot-assets is in the output's wwwroot, byte for byte.
    /// </summary>
    [Fact]
    [Trait("Category", "Publish")]
    public async Task Publish_output_contains_every_wwwroot_assets_file()
    {
        var output = Path.Combine(Path.GetTempPath(), $"bod-publish-{Guid.NewGuid():N}");
        var configuration = typeof(FrontEndAssetsTests).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        try
        {
            var (exitCode, log) = await RunDotnetAsync(
                ["publish", Path.Combine(RepositoryPaths.AppProject, "BackorderDesk.csproj"),
                 "--no-restore", "--no-build", "-c", configuration, "-o", output, "-nologo"],
                TestContext.Current.CancellationToken);
            Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):\n{log}");

            var sources = Directory.GetFiles(RepositoryPaths.WwwrootAssets, "*", SearchOption.AllDirectories);
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                var relative = Path.GetRelativePath(RepositoryPaths.WwwrootAssets, source);
                var published = Path.Combine(output, "wwwroot", relative);
                Assert.True(File.Exists(published), $"{relative} is missing from the publish output's wwwroot.");
                Assert.Equal(
                    await File.ReadAllBytesAsync(source, TestContext.Current.CancellationToken),
                    await File.ReadAllBytesAsync(published, TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Log)> RunDotnetAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not leak into the child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
