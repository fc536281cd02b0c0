using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// `cds-load-setup folder service-url tokens [varied-patients]`: what bench/cds-load.sh sends. A trusted CDS client with
/// an ES384 key made for the run (clients.json; the private key never leaves memory); body.json, the order-sign request
/// with the full prefetch of the synthetic kidney-disease patient and a draft metformin order; varied.jsonl, one request
/// a line for <c>varied-patients</c> distinct generated patients cycling through the archetypes, each signing an order
/// that fits it (so each has its own prefetch, and most raise a card); and one signed JWT per request to send
/// (tokens.txt): each has its own jti, since the service refuses a replayed one, and all are signed before the load starts
/// so signing costs the load nothing.
/// </summary>
internal static class CdsLoadSetup
{
    public const string Issuer = "https://load-test.smartreasoning.invalid";
    private const string KeyId = "load-es384";

    public static int Run(string folder, string serviceUrl, int tokenCount, int variedPatients)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(Path.Combine(folder, "clients.json"), new JsonArray(Client(key)).ToJsonString());
        File.WriteAllText(Path.Combine(folder, "body.json"), KidneyPatientOrderSign().ToJsonString());
        File.WriteAllLines(Path.Combine(folder, "varied.jsonl"), VariedOrderSigns(variedPatients).Select(b => b.ToJsonString()));
        File.WriteAllLines(Path.Combine(folder, "tokens.txt"), Tokens(key, serviceUrl, tokenCount));
        return 0;
    }

    /// <summary>Signed JWTs for calls to <paramref name="serviceUrl"/>, each with its own jti.</summary>
    public static string[] Tokens(ECDsa key, string serviceUrl, int count)
    {
        var credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha384);
        var handler = new JsonWebTokenHandler();
        var tokens = new string[count];
        var now = DateTime.UtcNow;
        Parallel.For(0, count, i => tokens[i] = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = serviceUrl,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(55),
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N"), ["sub"] = Issuer },
        }));
        return tokens;
    }

    /// <summary>The trusted client entry of the clients file: the issuer and the public half of <paramref name="key"/>.</summary>
    public static JsonObject Client(ECDsa key)
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
    public static JsonObject KidneyPatientOrderSign()
    {
        var bundle = SyntheticCohort.Generate().First(b => SyntheticCohort.ArchetypeOf(b) == Archetype.ChronicKidneyDiseaseOnMetformin);
        return OrderSign(bundle, Orders[Archetype.ChronicKidneyDiseaseOnMetformin], 1);
    }

    /// <summary><paramref name="count"/> order-sign requests for as many distinct generated patients (archetype i % 12), each with its order.</summary>
    public static IReadOnlyList<JsonObject> VariedOrderSigns(int count) =>
        [.. SyntheticCohort.GenerateMany(count, seed: 7).Select((b, i) => OrderSign(b, Orders[SyntheticCohort.ArchetypeOf(b)!.Value], i + 1))];

    /// <summary>An order each archetype's patient might be signed for (RxNorm code, display, dose), most raising a card.</summary>
    private static readonly Dictionary<Archetype, (string Code, string Display, string Dose)> Orders = new()
    {
        [Archetype.Type2Diabetes] = ("860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet", "500 mg daily"),
        [Archetype.ChronicKidneyDiseaseOnMetformin] = ("860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet", "500 mg daily"),
        [Archetype.AtrialFibrillationNoAnticoagulant] = ("248656", "azithromycin 250 MG Oral Tablet", "500 mg on day 1, then 250 mg daily"),
        [Archetype.HeartFailureReducedEjectionFraction] = ("197805", "ibuprofen 400 MG Oral Tablet", "400 mg three times daily"),
        [Archetype.UncontrolledHypertension] = ("314076", "lisinopril 10 MG Oral Tablet", "10 mg daily"),
        [Archetype.HyperlipidemiaNoStatin] = ("617312", "atorvastatin 40 MG Oral Tablet", "40 mg daily"),
        [Archetype.WarfarinWithNsaid] = ("197805", "ibuprofen 400 MG Oral Tablet", "400 mg three times daily"),
        [Archetype.PenicillinAllergy] = ("308182", "amoxicillin 500 MG Oral Capsule", "500 mg three times daily"),
        [Archetype.PediatricAsthma] = ("308182", "amoxicillin 500 MG Oral Capsule", "500 mg three times daily"),
        [Archetype.Pregnancy] = ("314076", "lisinopril 10 MG Oral Tablet", "10 mg daily"),
        [Archetype.ElderlyPolypharmacy] = ("197805", "ibuprofen 400 MG Oral Tablet", "400 mg three times daily"),
        [Archetype.SparseRecord] = ("308182", "amoxicillin 500 MG Oral Capsule", "500 mg three times daily"),
    };

    private static JsonObject OrderSign(Bundle bundle, (string Code, string Display, string Dose) order, int n)
    {
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
        var draft = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = $"draft-load-{n}", ["status"] = "draft", ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = order.Code, ["display"] = order.Display }),
            },
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{patient.Id}" },
            ["dosageInstruction"] = new JsonArray(new JsonObject { ["text"] = order.Dose }),
        };
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
