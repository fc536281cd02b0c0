namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>
/// Behaviours of real EHRs' FHIR APIs that integrators meet, for testing against the sandbox: search restrictions
/// and page-size caps. (Token quirks, such as Epic's opaque non-JWT access tokens, belong to the authorization server.)
/// </summary>
public sealed record VendorProfile(string Name, int MaxCount, Func<string, IReadOnlyList<(string Name, string Value)>, string?> RejectSearch)
{
    private static readonly HashSet<string> PatientScoped =
        ["AllergyIntolerance", "Condition", "DiagnosticReport", "DocumentReference", "Encounter", "Immunization", "MedicationRequest", "Observation", "Procedure"];

    /// <summary>The sandbox's own behaviour: nothing extra.</summary>
    public static VendorProfile None { get; } = new("none", Search.SearchQuery.MaxCount, (_, _) => null);

    /// <summary>Epic: Observation searches need a category or a code; pages of at most 100.</summary>
    public static VendorProfile Epic { get; } = new("epic", 100, (type, parameters) =>
        type == "Observation" && !parameters.Any(p => p.Name.Split(':')[0] is "category" or "code" or "_id")
            ? "this server (epic profile) requires a category or code parameter on Observation searches"
            : null);

    /// <summary>Oracle Health (Cerner): clinical searches are per patient; pages of at most 100.</summary>
    public static VendorProfile OracleHealth { get; } = new("oracle-health", 100, (type, parameters) =>
        PatientScoped.Contains(type) && !parameters.Any(p => p.Name.Split(':')[0] is "patient" or "subject" or "_id")
            ? $"this server (oracle-health profile) requires a patient parameter on {type} searches"
            : null);

    public static IReadOnlyList<VendorProfile> All { get; } = [None, Epic, OracleHealth];

    public static VendorProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
