using System.Text.Json.Nodes;
using SmartReasoning.CdsHooks.Cards;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>What a clinician did with one card (CDS Hooks 2.0, Feedback).</summary>
public sealed record CdsFeedbackItem(
    string Card, string Outcome, IReadOnlyList<string> AcceptedSuggestions, string? OverrideReasonCode, string? OverrideReasonSystem,
    string? UserComment, DateTimeOffset OutcomeTimestamp);

/// <summary>How one feedback post was stored: new items, and duplicates of items already stored (ignored).</summary>
public sealed record FeedbackWriteResult(int Stored, int Duplicates);

/// <summary>Accept and override counts and rates for one finding kind, over the cards issued of that kind.</summary>
public sealed record FindingKindRates(string FindingKind, int CardsIssued, int Accepted, int Overridden)
{
    /// <summary>Accepted over decided (accepted + overridden); null before any decision.</summary>
    public double? AcceptRate => Accepted + Overridden == 0 ? null : (double)Accepted / (Accepted + Overridden);

    public double? OverrideRate => Accepted + Overridden == 0 ? null : (double)Overridden / (Accepted + Overridden);

    /// <summary>The rates of every kind as the feedback summary and the integration API answer them: <c>{"findingKinds": [..]}</c>.</summary>
    public static JsonObject ToJson(IReadOnlyList<FindingKindRates> rates) => new()
    {
        ["findingKinds"] = new JsonArray([.. rates.Select(r => (JsonNode)new JsonObject
        {
            ["findingKind"] = r.FindingKind,
            ["cardsIssued"] = r.CardsIssued,
            ["accepted"] = r.Accepted,
            ["overridden"] = r.Overridden,
            ["acceptRate"] = r.AcceptRate,
            ["overrideRate"] = r.OverrideRate,
        })]),
    };
}

/// <summary>
/// Durable feedback: the cards issued (so feedback can be counted per finding kind), with the finding each may write
/// (<see cref="CardFinding"/>), and each outcome, stored once (the same card, outcome and timestamp again is a
/// duplicate). SQLite is the embedded default; PostgreSQL (<see cref="PostgresFeedbackStore"/>) when several instances share it.
/// </summary>
public interface IFeedbackStore
{
    Task RecordCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken cancellationToken);

    Task<FeedbackWriteResult> RecordFeedbackAsync(string serviceId, IReadOnlyList<CdsFeedbackItem> items, CancellationToken cancellationToken);

    /// <summary>
    /// The decision an outcome (<c>accepted</c> or <c>overridden</c>) takes on an issued card that carries a finding, in one
    /// atomic change (<see cref="CardDecisionStates.DecideSql"/>): accepted takes an undecided or overridden card to
    /// accepted (write and accept); overridden takes an undecided card to overridden (nothing to write) and an accepted one
    /// to rejected. Null when nothing changes: an unknown card, one without a finding, the same outcome again, a rejected
    /// card. Of two instances receiving the same feedback, one gets the decision.
    /// </summary>
    Task<CardDecision?> DecideAsync(string card, string outcome, CancellationToken cancellationToken);

    /// <summary>Gives back a decision whose writes could not be queued, so the feedback sent again takes it.</summary>
    Task RevertDecisionAsync(CardDecision decision, CancellationToken cancellationToken);

    /// <summary>Rates per finding kind, in kind order; feedback on cards this store never issued counts under "unknown".</summary>
    Task<IReadOnlyList<FindingKindRates>> RatesAsync(CancellationToken cancellationToken);
}
