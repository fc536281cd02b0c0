using SmartReasoning.Server;

namespace SmartReasoning.Launch;

/// <summary>Puts the launch's parts into the service's DI container, from the server options.</summary>
public static class LaunchServices
{
    /// <summary>The key of the HttpClient that talks to EHRs (no redirects followed, a timeout so nothing hangs).</summary>
    public const string HttpClientKey = "ehr";

    public static readonly TimeSpan EhrTimeout = TimeSpan.FromSeconds(20);

    public static void Add(IServiceCollection services, ServerOptions options)
    {
        var configs = new List<LaunchConfig>();
        if (options.LaunchConfigsPath is { } folder) configs.AddRange(LaunchConfigCatalogue.Load(folder).All);
        configs.AddRange(options.LaunchConfigs);
        services.AddSingleton(new LaunchConfigCatalogue(configs));
        services.AddKeyedSingleton(HttpClientKey, (_, _) => new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        { Timeout = EhrTimeout });
        services.AddSingleton(new ClientSecrets(options.EnvironmentVariable));
        services.AddSingleton(new AppSigningKeys(options.EnvironmentVariable));
        services.AddSingleton(sp => new SmartDiscovery(sp.GetRequiredKeyedService<HttpClient>(HttpClientKey), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ServerSigningKeys(sp.GetRequiredKeyedService<HttpClient>(HttpClientKey), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TokenClient(sp.GetRequiredKeyedService<HttpClient>(HttpClientKey), sp.GetRequiredService<ClientSecrets>(),
            sp.GetRequiredService<AppSigningKeys>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<LaunchSessions>();
        services.AddSingleton<LaunchFlow>();
        services.AddSingleton<TokenRefresher>();
        services.AddSingleton<BackendServicesClient>();
        services.AddSingleton<LaunchEndpoints>();
    }
}
