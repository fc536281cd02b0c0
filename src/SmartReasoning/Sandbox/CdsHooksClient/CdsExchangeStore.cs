using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// One service's answer to one hook call, kept so the page can later accept a suggestion or dismiss a card by index
/// (the page never sends actions back: the sandbox applies only what the service really sent). Remembers what was
/// decided, so a suggestion is not applied twice and at-most-one is kept.
/// </summary>
public sealed class CdsExchange(CdsService service, IReadOnlyList<CdsCard> cards, string patientId, IReadOnlyList<string> draftOrders, DateTimeOffset created)
{
    private readonly Lock _gate = new();
    private readonly HashSet<(int Card, int Suggestion)> _accepted = [];
    private readonly HashSet<int> _dismissed = [];

    public CdsService Service { get; } = service;
    public IReadOnlyList<CdsCard> Cards { get; } = cards;
    public string PatientId { get; } = patientId;

    /// <summary>The draft orders sent with the call (<c>MedicationRequest/draft-…</c>): they live in the page, not the store.</summary>
    public IReadOnlyList<string> DraftOrders { get; } = draftOrders;

    public DateTimeOffset Created { get; } = created;

    /// <summary>Records an acceptance; null when allowed, else why not.</summary>
    public string? TryAccept(int card, int suggestion)
    {
        lock (_gate)
        {
            if (_dismissed.Contains(card)) return "this card was dismissed";
            if (_accepted.Contains((card, suggestion))) return "this suggestion was already accepted";
            if (Cards[card].SelectionBehavior != "any" && _accepted.Any(a => a.Card == card)) return "another suggestion of this card was accepted (at most one may be)";
            _accepted.Add((card, suggestion));
            return null;
        }
    }

    /// <summary>Forgets an acceptance whose actions could not be applied, so the user may try again.</summary>
    public void Undo(int card, int suggestion)
    {
        lock (_gate) _accepted.Remove((card, suggestion));
    }

    public string? TryDismiss(int card)
    {
        lock (_gate)
        {
            if (_accepted.Any(a => a.Card == card)) return "a suggestion of this card was accepted";
            return _dismissed.Add(card) ? null : "this card was already dismissed";
        }
    }
}

/// <summary>The exchanges of the last hour (at most a thousand), under unguessable ids.</summary>
public sealed class CdsExchangeStore(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const int MaxExchanges = 1_000;
    private readonly ConcurrentDictionary<string, CdsExchange> _exchanges = new(StringComparer.Ordinal);

    public string Keep(CdsExchange exchange)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, old) in _exchanges)
            if (now - old.Created > Lifetime) _exchanges.TryRemove(key, out _);
        if (_exchanges.Count >= MaxExchanges)
            foreach (var (key, _) in _exchanges.ToArray().OrderBy(e => e.Value.Created).Take(_exchanges.Count - MaxExchanges + 1))
                _exchanges.TryRemove(key, out _);
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        _exchanges[id] = exchange;
        return id;
    }

    public CdsExchange? Find(string? id) =>
        id is not null && _exchanges.TryGetValue(id, out var exchange) && clock.GetUtcNow() - exchange.Created <= Lifetime ? exchange : null;
}
