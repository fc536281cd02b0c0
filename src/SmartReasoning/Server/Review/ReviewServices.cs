using SmartReasoning.Launch;
using SmartReasoning.Pull;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Audit;

namespace SmartReasoning.Server.Review;

/// <summary>Puts the app's review flow into the DI container (after the CDS Hooks and write-back services, whose reasoner and writer it shares).</summary>
public static class ReviewServices
{
    public static void Add(IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options.Review);
        services.AddSingleton(sp => new PatientReview(
            // Its own puller: the app's pull is audited as a read of the patient's record, and has the app's patience.
            new PatientRecordPuller(sp.GetRequiredKeyedService<HttpClient>(LaunchServices.HttpClientKey), options.Review.Pull, sp.GetRequiredService<IAuditTrail>()),
            sp.GetRequiredService<RecordReasoner>(), sp.GetRequiredService<FindingWriter>(), sp.GetRequiredService<TimeProvider>(), options.Review));
    }
}
