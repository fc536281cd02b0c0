using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartReasoning.Launch;
using SmartReasoning.Server;
using SmartReasoning.Tests.Sandbox.Authorization;

namespace SmartReasoning.Tests.Launch;

/// <summary>SmartReasoning alone on a free loopback port, with its logs captured and a clock the test moves.</summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private ServiceUnderTest(WebApplication app, ManualClock clock)
    {
        App = app;
        Clock = clock;
    }

    public WebApplication App { get; }

    public string Base => SmartReasoningServer.BaseUrl(App);

    public ManualClock Clock { get; }

    public CapturedLogs Logs { get; } = new();

    public LaunchConfigCatalogue Catalogue => App.Services.GetRequiredService<LaunchConfigCatalogue>();

    public LaunchSessions Sessions => App.Services.GetRequiredService<LaunchSessions>();

    public string Callback => Base + LaunchEndpoints.CallbackPath;

    public static async Task<ServiceUnderTest> StartAsync()
    {
        ManualClock clock = new();
        var service = new ServiceUnderTest(SmartReasoningServer.Build(new ServerOptions { Port = 0, Clock = clock }), clock);
        var app = service.App;
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(service.Logs);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return service;
    }

    /// <summary>A public-client launch config for <paramref name="ehr"/>, added to the catalogue.</summary>
    public LaunchConfig Configure(FakeEhr ehr, string scope = "openid fhirUser launch/patient patient/*.rs", Func<LaunchConfig, LaunchConfig>? change = null)
    {
        var config = new LaunchConfig
        {
            Name = "fake",
            Issuer = ehr.FhirBase,
            ClientId = FakeEhr.ClientId,
            ClientType = LaunchClientType.Public,
            Scope = scope,
            RedirectUri = Callback,
        };
        config = change?.Invoke(config) ?? config;
        Catalogue.Put(config);
        return config;
    }

    public string StandaloneLaunch => $"{Base}{LaunchEndpoints.LaunchPath}?config=fake";

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
