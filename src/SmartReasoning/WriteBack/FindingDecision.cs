using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartReasoning.WriteBack;

/// <summary>What a clinician decided about a finding.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict { Accept, Reject }

/// <summary>
/// A clinician's decision on the finding with <paramref name="Fingerprint"/>: who (<paramref name="User"/>, the fhirUser
/// reference such as <c>Practitioner/123</c>), when, and for a rejection why.
/// </summary>
public sealed record FindingDecision(string Fingerprint, Verdict Verdict, string User, DateTimeOffset DecidedAt, string? Reason = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FindingDecision FromJson(string json) =>
        JsonSerializer.Deserialize<FindingDecision>(json, Json) ?? throw new JsonException("a finding decision was expected");
}
