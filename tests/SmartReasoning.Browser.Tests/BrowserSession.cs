using System.Text;
using Microsoft.Playwright;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// Headless Debian Chromium driven by Playwright for one test: a page, a screenshot per step kept under
/// .cache/test-results/screenshots, and on failure a Playwright trace and the page's console beside them.
/// Skips the test when Chromium is not installed; never downloads a browser.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;
    private readonly string _name;
    private readonly StringBuilder _console = new();
    private int _step;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, string name)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        _name = name;
        Page = page;
        _context.Page += (_, p) => Watch(p);
        Watch(page);
    }

    public IPage Page { get; }

    public IBrowserContext Context => _context;

    /// <summary>Starts Chromium; <paramref name="name"/> prefixes the artifact files.</summary>
    public static async Task<BrowserSession> StartAsync(string name)
    {
        Assert.SkipUnless(File.Exists(TestEnvironment.ChromiumPath),
            $"Chromium is not installed at {TestEnvironment.ChromiumPath}: ./test.sh installs it (apt-get install chromium)");
        // Playwright must use the system's Chromium; nothing may fetch a browser build.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = TestEnvironment.ChromiumPath,
                Headless = true,
                Args = ChromiumArguments,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            // Recording costs little; the trace is written only when the test fails.
            await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true });
            var page = await context.NewPageAsync();
            return new BrowserSession(playwright, browser, context, page, name);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Runs the test's steps; when one fails, keeps the trace and the console output, then fails.</summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Directory.CreateDirectory(TestEnvironment.ArtifactFolder);
            var trace = Path.Combine(TestEnvironment.ArtifactFolder, $"{_name}-trace.zip");
            await _context.Tracing.StopAsync(new TracingStopOptions { Path = trace });
            await File.WriteAllTextAsync(Path.Combine(TestEnvironment.ArtifactFolder, $"{_name}-console.log"), _console.ToString());
            foreach (var page in _context.Pages) await ScreenshotAsync(page, "failure");
            TestContext.Current.AddAttachment($"{_name}-console", _console.ToString());
            throw;
        }
    }

    /// <summary>Saves a full-page screenshot as the test's next numbered step and attaches it to the test result.</summary>
    public async Task ScreenshotAsync(IPage page, string step)
    {
        Directory.CreateDirectory(TestEnvironment.ArtifactFolder);
        var file = Path.Combine(TestEnvironment.ArtifactFolder, $"{_name}-{++_step:00}-{step}.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.Current.AddAttachment(Path.GetFileName(file), png, "image/png");
    }

    /// <summary>
    /// The frame that shows <paramref name="url"/> (a prefix) in any tab or iframe of this browser: an EHR may open
    /// an app in the same tab, a new tab or an embedded frame. Fails, listing what is open, when none does.
    /// </summary>
    public async Task<IFrame> FindFrameAsync(string url, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (var page in _context.Pages)
                foreach (var frame in page.Frames)
                    if (frame.Url.StartsWith(url, StringComparison.Ordinal)) return frame;
            if (DateTime.UtcNow > deadline)
            {
                var open = string.Join(", ", _context.Pages.SelectMany(p => p.Frames).Select(f => f.Url));
                throw new InvalidOperationException($"No tab or frame reached {url}; open: {open}");
            }
            await Task.Delay(100);
        }
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) => { lock (_console) _console.AppendLine($"[{message.Type}] {message.Text}"); };
        page.PageError += (_, error) => { lock (_console) _console.AppendLine($"[pageerror] {error}"); };
        page.RequestFailed += (_, request) => { lock (_console) _console.AppendLine($"[requestfailed] {request.Method} {request.Url} {request.Failure}"); };
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
