using System.Diagnostics;
using Microsoft.Playwright;
using Nguon.Tests.Http;

namespace Nguon.Tests.Browser;

/// <summary>A real Chromium (the Debian package, driven by Playwright; tests/browser-deps.sh installs it) and a real
/// silo process with the demo data set of its own: the browser tests suspend a GI and recall a lot, which must not
/// reach the shared demo silo's tests. A missing browser fails the tests; it never skips them.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public DemoSiloFixture Demo { get; } = new();
    public SiloProcess Silo => Demo.Silo;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The silo's base URL, e.g. http://127.0.0.1:41234 (every request the pages make must start with it).</summary>
    public string BaseUrl => $"http://127.0.0.1:{Silo.HttpPort}";

    /// <summary>Where screenshots go: artifacts/test-results/screenshots under the repository (tests/run.sh keeps them).</summary>
    public static string ScreenshotDirectory { get; } = CreateScreenshotDirectory();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run tests/browser-deps.sh (apt-get install -y chromium zbar-tools)");
        await Demo.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await Demo.DisposeAsync();
    }

    /// <summary>A fresh context (no cache, no cookies) the size of a small phone, in <paramref name="locale"/>.</summary>
    public Task<IBrowserContext> Phone(string locale = "en-GB") => Context(new ViewportSize { Width = 375, Height = 812 }, locale);

    /// <summary>A fresh context (no cache, no cookies) with the given viewport, in <paramref name="locale"/>.</summary>
    public async Task<IBrowserContext> Context(ViewportSize viewport, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            DeviceScaleFactor = 1,
            Locale = locale,
            BaseURL = BaseUrl,
        });
        // Playwright's 30 s default was once exceeded by a first page load on a machine running three builds at once;
        // the bound stays, it is only wider (transfer size and request origin are asserted, not speed).
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    public static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Decodes the QR code in a PNG with zbarimg (apt zbar-tools) and returns its text.</summary>
    public static async Task<string> DecodeQr(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"nguon-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var info = new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var zbar = Process.Start(info) ?? throw new InvalidOperationException("zbarimg did not start");
            var stdout = zbar.StandardOutput.ReadToEndAsync();
            var stderr = zbar.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await zbar.WaitForExitAsync(timeout.Token);
            Assert.True(zbar.ExitCode == 0, $"zbarimg found no code (exit {zbar.ExitCode}): {await stderr}");
            var text = (await stdout).Trim();
            Assert.True(text.Length > 0, $"zbarimg decoded nothing: {await stderr}");
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string CreateScreenshotDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nguon.slnx"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser: Chromium against a demo silo process";
}
