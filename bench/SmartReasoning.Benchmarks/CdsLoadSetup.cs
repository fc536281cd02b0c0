using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// `cds-load-setup folder service-url tokens`: what bench/cds-load.sh sends. A trusted CDS client with an ES384 key made
/// for the run (clients.json; the private key never leaves memory), an order-sign request with the full prefetch of the
/// synthetic kidney-disease patient and a draft metformin order (body.json), and one signed JWT per request to send
/// (tokens.txt): each has its own jti, since the service refuses a replayed one, and all are signed before the load starts
/// so signing costs the load nothing.
/// </summary>
internal static class CdsLoadSetup
{
    private const string Issuer = "https://load-test.smartreasoning.invalid";
    private const string KeyId = "load-es384";

    public static int Run(string folder, string serviceUrl, int tokenCount)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(Path.Combine(folder, "clients.json"), new JsonArray(Client(key)).ToJsonString());
        File.WriteAllText(Path.Combine(folder, "body.json"), OrderSign().ToJsonString());

        var credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha384);
        var handler = new JsonWebTokenHandler();
        var tokens = new string[tokenCount];
        var now = DateTime.UtcNow;
        Parallel.For(0, tokenCount, i => tokens[i] = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = serviceUrl,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(55),
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N"), ["sub"] = Issuer },
        }));
        File.WriteAllLines(Path.Combine(folder, "tokens.txt"), tokens);
        return 0;
    }

    private static JsonObject Client(ECDsa key)
    {
        var p = key.ExportParameters(false);
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["jwks"] = new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES384", ["kid"] = KeyId, ["crv"] = "P-384",
                    ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
                }),
            },
        };
    }

    /// <summary>The request an EHR sends when metformin is signed for the kidney-disease patient, every prefetch key filled.</summary>
    private static JsonObject OrderSign()
    {
        var bundle = SyntheticCohort.Generate().First(b => SyntheticCohort.ArchetypeOf(b) == Archetype.ChronicKidneyDiseaseOnMetformin);
        var resources = bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        var patient = resources.OfType<Patient>().Single();
        static bool Category(Observation o, string code) => o.Category.Any(c => c.Coding.Any(k => k.Code?.Value == code));
        var prefetch = new JsonObject
        {
            ["patient"] = Json(patient),
            ["conditions"] = Searchset(resources.OfType<Condition>().Where(c => c.ClinicalStatus?.Coding.Any(k => k.Code?.Value == "active") ?? true)),
            ["medications"] = Searchset(resources.OfType<MedicationRequest>().Where(m => m.Status?.Value == "active")),
            ["allergies"] = Searchset(resources.OfType<AllergyIntolerance>()),
            ["labs"] = Searchset(Latest(resources.OfType<Observation>().Where(o => Category(o, "laboratory")))),
            ["vitals"] = Searchset(Latest(resources.OfType<Observation>().Where(o => Category(o, "vital-signs")))),
        };
        var draft = JsonNode.Parse($$"""
            {"resourceType":"MedicationRequest","id":"draft-load-1","status":"draft","intent":"order",
             "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet"}]},
             "subject":{"reference":"Patient/{{patient.Id}}"},"dosageInstruction":[{"text":"500 mg daily"}]}
            """)!;
        return new JsonObject
        {
            ["hook"] = CdsServiceCatalogue.OrderSign.Hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = new JsonObject
            {
                ["userId"] = "Practitioner/load-test",
                ["patientId"] = patient.Id,
                ["draftOrders"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray(new JsonObject { ["resource"] = draft }) },
            },
            ["prefetch"] = prefetch,
        };
    }

    // As the prefetch query asks: the newest 200 (`_sort=-date&_count=200`).
    private static IEnumerable<Observation> Latest(IEnumerable<Observation> observations) =>
        observations.OrderByDescending(o => (o.Effective as FhirDateTime)?.Value, StringComparer.Ordinal).Take(200);

    private static JsonNode Json(Resource resource) => JsonNode.Parse(FhirJsonSerializer.SerializeToString(resource))!;

    private static JsonObject Searchset(IEnumerable<Resource> resources)
    {
        var entries = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["resource"] = Json(r), ["search"] = new JsonObject { ["mode"] = "match" } })]);
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = entries.Count, ["entry"] = entries };
    }
}
