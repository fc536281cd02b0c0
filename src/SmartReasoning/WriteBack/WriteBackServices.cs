using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartReasoning.Launch;
using SmartReasoning.Server;
using SmartReasoning.WriteBack.Access;
using SmartReasoning.WriteBack.Audit;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack;

/// <summary>Puts the write-back's parts into the service's DI container: the SQLite outbox, its delivery, the writer and decisions.</summary>
public static class WriteBackServices
{
    public static void Add(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new OutboxOptions { Clock = options.Clock });
        services.TryAddSingleton<IOutboxStore>(_ => options.PostgresConnectionString is { } postgres
            ? new PostgresOutboxStore(postgres)
            : new SqliteOutboxStore(Path.Combine(EnsureFolder(options.DataFolder), "outbox.db")));
        // The FHIR validator with our profiles when the R4 definitions are at hand; a validator registered before wins.
        services.TryAddSingleton<IResourceValidator>(options.FhirPackagePath is { } package ? new ProfileValidator(package) : NoValidation.Instance);
        services.AddSingleton(sp => new FhirWriteClient(sp.GetRequiredKeyedService<HttpClient>(LaunchServices.HttpClientKey), sp.GetRequiredService<OutboxOptions>()));
        services.AddSingleton<IOutboxSender, TransactionSender>();
        services.AddSingleton<IOutboxSender, DecisionSender>();
        services.AddSingleton<IWriteAccessProvider, SmartWriteAccess>();
        services.TryAddSingleton<IAuditStore>(sp => options.PostgresConnectionString is { } postgres
            ? new PostgresAuditTrail(postgres, sp.GetRequiredService<ILogger<PostgresAuditTrail>>())
            : new SqliteAuditTrail(Path.Combine(EnsureFolder(options.DataFolder), "audit.db"), sp.GetRequiredService<ILogger<SqliteAuditTrail>>()));
        services.TryAddSingleton<IAuditTrail>(sp => options.AuditEventsToEhr
            ? new EhrAuditForwarder(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<IOutboxStore>(), new WriteAuth(WriteAuthMode.Backend))
            : sp.GetRequiredService<IAuditStore>());
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton(sp => new FindingWriter(sp.GetRequiredService<IOutboxStore>(), sp.GetRequiredService<IResourceValidator>(),
            sp.GetRequiredService<TimeProvider>(), DeviceOwner.Default, sp.GetRequiredService<ILogger<FindingWriter>>()));
        services.AddSingleton<FindingDecisions>();
        services.AddSingleton<FindingEndpoints>();
        if (options.DeliverWriteBacks) services.AddHostedService<OutboxDeliveryService>();
    }

    private static string EnsureFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        return folder;
    }
}
