using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Launch;
using SmartReasoning.Pull;
using SmartReasoning.Reason;
using SmartReasoning.Server;

namespace SmartReasoning.CdsHooks;

/// <summary>Puts the CDS Hooks service's parts into the DI container, from the server options.</summary>
public static class CdsHooksServices
{
    public static void Add(IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cds = options.CdsHooks;
        var registry = new CdsClientRegistry(cds.Clients);
        services.AddSingleton(cds);
        services.AddSingleton(registry);
        services.AddSingleton(new AllowedFhirServers(cds.AllowedFhirServers, registry));
        services.AddSingleton(sp => new JkuKeyCache(sp.GetRequiredKeyedService<HttpClient>(LaunchServices.HttpClientKey), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new JtiReplayGuard(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CdsJwtValidator>();
        services.AddSingleton<BackendFhirAccess>();
        services.AddSingleton(sp => new CdsRecordSource(
            new PatientRecordPuller(sp.GetRequiredKeyedService<HttpClient>(LaunchServices.HttpClientKey), cds.Pull), sp.GetRequiredService<AllowedFhirServers>(),
            sp.GetRequiredService<BackendFhirAccess>()));
        // The reasoner given in code (tests), else the one the environment configures (the model, if any, in combined mode).
        services.AddSingleton(sp => cds.Reasoner ?? RecordReasoner.FromEnvironment(options.EnvironmentVariable, sp.GetService<ILoggerFactory>()));
        // Shared by every instance in PostgreSQL when one is configured (SMARTREASONING_POSTGRES), else SQLite.
        // Cards are recorded off the hook call's path (QueuedCardRecorder), in batches.
        services.AddSingleton<IFeedbackStore>(sp => new QueuedCardRecorder(options.PostgresConnectionString is { } postgres
            ? new PostgresFeedbackStore(postgres)
            : new SqliteFeedbackStore(cds.FeedbackDatabasePath), sp.GetService<ILogger<QueuedCardRecorder>>()));
        services.AddSingleton(new CdsAdmission(cds.ConcurrentHookCalls));
        services.AddSingleton(sp => new CdsContextCache(cds.ContextCacheEntries, cds.ContextCacheLifetime, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CdsHookHandler>();
        services.AddSingleton<CardWriteBack>();
        services.AddSingleton<CdsHooksEndpoints>();
    }
}
