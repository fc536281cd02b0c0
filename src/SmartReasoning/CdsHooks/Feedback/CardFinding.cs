using System.Text.Json;
using System.Text.Json.Serialization;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>
/// What writing a card's finding into the chart needs once the clinician accepts the card, kept with the issued card
/// (feedback arrives later, in another request, maybe at another instance): the finding and the reasoner that made it
/// (to rebuild its Observation, Provenance and Device), its fingerprint, whom and when it is about (patient, encounter,
/// the record's as-of time), the EHR's FHIR base, the user of the hook call (the verifier on acceptance) and the CDS
/// client that was given the card (only its feedback may act on it). No token: the write goes with backend services.
/// </summary>
public sealed record CardFinding(string Fingerprint, Finding Finding, ReasonerInfo Reasoner, FindingSubject Subject, string FhirServer, string UserId, string Issuer)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The card's finding, for the hook call that produced it.</summary>
    public static CardFinding For(Finding finding, ReasonerInfo reasoner, CdsServiceRequest request, string fhirServer, string issuer, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(request);
        var subject = new FindingSubject($"Patient/{request.PatientId}", request.EncounterId is { } encounter ? $"Encounter/{encounter}" : null, asOf);
        return new CardFinding(FindingFingerprint.Of(finding, subject.Patient, reasoner), finding, reasoner, subject, fhirServer, request.UserId, issuer);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CardFinding FromJson(string json) =>
        JsonSerializer.Deserialize<CardFinding>(json, Json) ?? throw new JsonException("a card's finding was expected");
}

/// <summary>What a card's feedback asks of the chart.</summary>
public enum CardWrite
{
    /// <summary>Nothing: an override of a card whose finding never reached the chart.</summary>
    None,

    /// <summary>Accepted: write the finding (conditional on its fingerprint) and accept it.</summary>
    WriteAndAccept,

    /// <summary>Overridden after it was accepted and written: reject (withdraw) the finding.</summary>
    Reject,
}

/// <summary>
/// A card's decision taken by one feedback item: what to write, the finding, and the card's decision now (so a write that
/// could not be queued can give the decision back, see <see cref="IFeedbackStore.RevertDecisionAsync"/>).
/// </summary>
public sealed record CardDecision(string Card, CardWrite Write, CardFinding Finding, string State)
{
    /// <summary>What the store answered: the card's new state and its finding.</summary>
    public static CardDecision Of(string card, string state, string findingJson) => new(card, state switch
    {
        CardDecisionStates.Accepted => CardWrite.WriteAndAccept,
        CardDecisionStates.Rejected => CardWrite.Reject,
        _ => CardWrite.None,
    }, CardFinding.FromJson(findingJson), state);
}

/// <summary>The decision states of an issued card (column <c>decision</c>): null until feedback arrives.</summary>
public static class CardDecisionStates
{
    public const string Accepted = "accepted";
    public const string Overridden = "overridden";
    public const string Rejected = "rejected";

    /// <summary>
    /// The one statement both stores run (@card, @outcome): accepted takes an undecided or overridden card to accepted;
    /// overridden takes an undecided card to overridden and an accepted one to rejected. Anything else changes no row.
    /// </summary>
    public const string DecideSql = """
        UPDATE cds_card SET decision = CASE WHEN @outcome = 'accepted' THEN 'accepted' WHEN decision = 'accepted' THEN 'rejected' ELSE 'overridden' END
        WHERE uuid = @card AND finding IS NOT NULL AND (
            (@outcome = 'accepted' AND (decision IS NULL OR decision = 'overridden'))
            OR (@outcome = 'overridden' AND (decision IS NULL OR decision = 'accepted')))
        RETURNING decision, finding
        """;

    /// <summary>Gives a decision back (@card, @state): rejected returns to accepted, accepted to undecided; only if nobody moved it since.</summary>
    public const string RevertSql = """
        UPDATE cds_card SET decision = CASE WHEN decision = 'rejected' THEN 'accepted' ELSE NULL END WHERE uuid = @card AND decision = @state
        """;
}
