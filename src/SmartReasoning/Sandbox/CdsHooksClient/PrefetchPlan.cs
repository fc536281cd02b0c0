namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>How the client fills prefetch, to exercise services: as asked, or deliberately incomplete.</summary>
public enum PrefetchMode
{
    /// <summary>Every key filled from the FHIR server (a failed query is sent as an OperationOutcome, a missing read as null).</summary>
    Normal,

    /// <summary>Some keys left out of the request (the service must fetch them itself).</summary>
    Omit,

    /// <summary>Some keys sent as <c>null</c> (the data does not exist).</summary>
    Null,

    /// <summary>Some keys sent as an OperationOutcome (the client failed to fetch them).</summary>
    OperationOutcome,
}

/// <summary>
/// A prefetch mode and the keys it applies to. Without keys, <see cref="PrefetchMode.Omit"/> leaves out every key but
/// the first (or the only one), so the service sees a partial prefetch; the other modes apply to every key.
/// </summary>
public sealed record PrefetchPlan(PrefetchMode Mode, IReadOnlyCollection<string>? Keys = null)
{
    public static PrefetchPlan Normal { get; } = new(PrefetchMode.Normal);

    /// <summary>Reads <c>normal</c>, <c>omit</c>, <c>null</c> or <c>outcome</c> (also <c>operationoutcome</c>); null when unknown.</summary>
    public static PrefetchMode? ParseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "normal" => PrefetchMode.Normal,
        "omit" => PrefetchMode.Omit,
        "null" => PrefetchMode.Null,
        "outcome" or "operationoutcome" or "operation-outcome" => PrefetchMode.OperationOutcome,
        _ => null,
    };

    /// <summary>Whether the mode applies to a key, given every key of the service in order.</summary>
    public bool AppliesTo(string key, IReadOnlyList<string> allKeys)
    {
        if (Mode == PrefetchMode.Normal) return false;
        if (Keys is { Count: > 0 }) return Keys.Contains(key);
        if (Mode == PrefetchMode.Omit) return allKeys.Count == 1 || allKeys.IndexOf(key) > 0;
        return true;
    }
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
        return -1;
    }
}
