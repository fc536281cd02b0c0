using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SmartReasoning.Compile;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using SmartReasoning.Tests.Deidentify;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>
/// A patient with identifiers everywhere (the de-identification fixtures' Harriet Quimby) plus an eGFR and metformin,
/// de-identified into a <see cref="ModelContext"/> by the real <see cref="ModelContext.Build"/>; options for a fake
/// endpoint with made-up keys and short timeouts; answers in the findings schema.
/// </summary>
internal static class ModelFixtures
{
    public static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Deployment = "clinical-reasoner-test";

    public static Bundle Bundle()
    {
        var bundle = new Bundle { Type = new Code<BundleType>(BundleType.Collection) };
        foreach (var resource in new Resource[] { Fixtures.Patient(), Fixtures.Observation(), Fixtures.Condition(), Egfr(), Metformin() })
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource });
        return bundle;
    }

    public static ModelContext Context(Bundle? bundle = null) => ModelContext.Build(bundle ?? Bundle(), Fixtures.Deidentifier(), AsOf);

    /// <summary>The hashed reference the model sees for a real one.</summary>
    public static string Hashed(ModelContext context, string real) => context.Map.Entries.Single(e => e.Value == real).Key;

    public static ReasoningRequest Request(ModelContext? forModel, ReasoningTrigger? trigger = null) =>
        new(forModel?.Context ?? EmptyContext, trigger ?? ReasoningTrigger.PatientView, forModel);

    public static DraftOrder DraftIbuprofen() =>
        new("MedicationRequest/draft-77", new ClinicalCode(CodeSystemUrls.RxNorm, "197806", "ibuprofen 600 MG Oral Tablet"), "600 mg three times a day");

    /// <summary>A key made up at run time: nothing secret is in the repository.</summary>
    public static string MadeUpKey() => "test-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static ModelOptions Options(FakeFoundry fake, ModelAuthentication auth = ModelAuthentication.ApiKey, string? key = null,
        TimeSpan? timeout = null, int maxRetries = 2, AuthenticationTokenProviderStub? tokens = null) => new()
    {
        Endpoint = fake.Endpoint,
        Deployment = Deployment,
        Authentication = auth,
        ApiKey = auth == ModelAuthentication.Entra ? null : key ?? MadeUpKey(),
        TokenProvider = tokens,
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        OverallTimeout = TimeSpan.FromSeconds(15),
    };

    public static JsonObject Finding(string title, IEnumerable<string> evidence, string kind = "drug-renal", string severity = "warning",
        JsonArray? actions = null, double confidence = 0.8) => new()
    {
        ["kind"] = kind,
        ["title"] = title,
        ["severity"] = severity,
        ["rationale"] = "**Why**: eGFR is low; see KDIGO.",
        ["evidence"] = new JsonArray([.. evidence.Select(e => (JsonNode?)JsonValue.Create(e))]),
        ["suggestedActions"] = actions ?? [],
        ["source"] = new JsonObject { ["name"] = "KDIGO 2024", ["url"] = "https://kdigo.org/guidelines/ckd-evaluation-and-management/" },
        ["confidence"] = confidence,
    };

    public static JsonObject Action(string kind, string? orderReference, JsonObject? code = null) => new()
    {
        ["kind"] = kind,
        ["description"] = "Do it",
        ["orderReference"] = orderReference,
        ["code"] = code,
    };

    public static string Answer(params JsonObject[] findings) => new JsonObject { ["findings"] = new JsonArray(findings) }.ToJsonString();

    private static readonly LongitudinalContext EmptyContext = new(AsOf, null, [], [], [], [], [], [], [], [], [], [], 0);

    private static Observation Egfr() => Fixtures.Parse<Observation>("""
        {
          "resourceType": "Observation", "id": "egfr-1", "status": "final",
          "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory" } ] } ],
          "code": { "coding": [ { "system": "http://loinc.org", "code": "33914-3", "display": "eGFR" } ] },
          "subject": { "reference": "Patient/pat-1001" },
          "effectiveDateTime": "2025-11-02",
          "valueQuantity": { "value": 27, "unit": "mL/min/1.73m2", "system": "http://unitsofmeasure.org", "code": "mL/min/{1.73_m2}" }
        }
        """);

    private static MedicationRequest Metformin() => Fixtures.Parse<MedicationRequest>("""
        {
          "resourceType": "MedicationRequest", "id": "medreq-9", "status": "active", "intent": "order",
          "medicationCodeableConcept": { "coding": [ { "system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975", "display": "metformin hydrochloride 500 MG Oral Tablet" } ] },
          "subject": { "reference": "Patient/pat-1001" },
          "authoredOn": "2024-02-10",
          "dosageInstruction": [ { "text": "500 mg twice daily" } ]
        }
        """);
}

/// <summary>An Entra ID stand-in: hands out a made-up token (or fails as Azure.Identity does when given none) and records the scopes asked for.</summary>
internal sealed class AuthenticationTokenProviderStub(string? token) : System.ClientModel.AuthenticationTokenProvider
{
    public List<string> Scopes { get; } = [];

    public override System.ClientModel.Primitives.GetTokenOptions? CreateTokenOptions(IReadOnlyDictionary<string, object> properties) =>
        new(properties);

    public override System.ClientModel.Primitives.AuthenticationToken GetToken(System.ClientModel.Primitives.GetTokenOptions options, CancellationToken cancellationToken)
    {
        // The SDK passes the scopes as ReadOnlyMemory<string>.
        if (options.Properties.TryGetValue(System.ClientModel.Primitives.GetTokenOptions.ScopesPropertyName, out var scopes))
        {
            if (scopes is ReadOnlyMemory<string> memory) Scopes.AddRange(memory.ToArray());
            else if (scopes is IEnumerable<string> list) Scopes.AddRange(list);
        }
        if (token is null) throw new Azure.Identity.AuthenticationFailedException("no credential in this test");
        return new System.ClientModel.Primitives.AuthenticationToken(token, "Bearer", DateTimeOffset.UtcNow.AddHours(1), null);
    }

    public override ValueTask<System.ClientModel.Primitives.AuthenticationToken> GetTokenAsync(System.ClientModel.Primitives.GetTokenOptions options, CancellationToken cancellationToken) =>
        new(GetToken(options, cancellationToken));
}
