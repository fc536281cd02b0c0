namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The FHIRPath comparison (§6.2), equality '=' (§6.1.1) and equivalence '~' (§6.1.2) of Date, DateTime and
/// Time. A null result is FHIRPath's empty: the answer is unknown because one value stops at a precision the
/// other goes past. Compare returns -1, 0 or 1.
/// </summary>
/// <remarks>
/// All of them walk the components coarsest first. A difference settles the answer (so @2012-01 = @2013 is
/// false, and @2018-03 &lt; @2018-04-01 is true); running out of one value first makes it unknown
/// (@2012-01 = @2012 is empty); running out of both together means equal. Seconds and milliseconds are one
/// precision compared as a decimal, so 10:30:31 = 10:30:31.0. DateTimes are compared in a common offset.
/// </remarks>
public static class FhirPathTemporal
{
    public static int? Compare(FhirPathDate a, FhirPathDate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CompareKeys(a.Parts.Keys(), b.Parts.Keys());
    }

    /// <summary>
    /// Compares in a common offset. §6.1.1 leaves a default offset for values without one to policy; the
    /// simplest policy, and the default here, is none: a value without an offset could be in any offset from
    /// -14:00 to +14:00, so against a value with one the answer is empty unless it holds for every such offset
    /// (@2012-04-15T15:00:00Z = @2012-04-15T10:00:00 is empty, as the official suite's testEquality23 has it).
    /// Pass <paramref name="assumedOffset"/> to take values without an offset as being in that offset instead.
    /// Two values without offsets are compared as written.
    /// </summary>
    public static int? Compare(FhirPathDateTime a, FhirPathDateTime b, TimeSpan? assumedOffset = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Offset is null && b.Offset is null) return CompareKeys(a.Parts.Keys(), b.Parts.Keys());
        if ((a.Offset is not null && b.Offset is not null) || assumedOffset is not null) return CompareIn(assumedOffset ?? TimeSpan.Zero, a, b);

        // The result only moves one way as the unknown offset moves (from less, through unknown or equal, to
        // greater), so when both extreme offsets agree every offset between them does too.
        var earliest = CompareIn(TimeSpan.FromHours(-14), a, b);
        return earliest == CompareIn(TimeSpan.FromHours(14), a, b) ? earliest : null;
    }

    public static int? Compare(FhirPathTime a, FhirPathTime b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CompareKeys(a.Keys(), b.Keys());
    }

    /// <summary>'=': false as soon as a component differs, empty when one value stops first, true otherwise.</summary>
    public static bool? Equal(FhirPathDate a, FhirPathDate b) => ToEquality(Compare(a, b));

    /// <summary>'=' in a common offset, as for <see cref="Compare(FhirPathDateTime, FhirPathDateTime, TimeSpan?)"/>.</summary>
    public static bool? Equal(FhirPathDateTime a, FhirPathDateTime b, TimeSpan? assumedOffset = null) => ToEquality(Compare(a, b, assumedOffset));

    public static bool? Equal(FhirPathTime a, FhirPathTime b) => ToEquality(Compare(a, b));

    /// <summary>'~': as '=', except that different precisions are not equivalent (false, not empty).</summary>
    public static bool Equivalent(FhirPathDate a, FhirPathDate b) =>
        Compare(a, b) == 0 && SamePrecision(a.Precision, b.Precision);

    public static bool Equivalent(FhirPathDateTime a, FhirPathDateTime b, TimeSpan? assumedOffset = null) =>
        Compare(a, b, assumedOffset) == 0 && SamePrecision(a.Precision, b.Precision);

    public static bool Equivalent(FhirPathTime a, FhirPathTime b) =>
        Compare(a, b) == 0 && SamePrecision(a.Precision, b.Precision);

    private static bool? ToEquality(int? comparison) => comparison is { } c ? c == 0 : null;

    // Seconds and milliseconds count as one precision (§6.1.2).
    private static bool SamePrecision(DateTimePrecision a, DateTimePrecision b) =>
        a == b || (a >= DateTimePrecision.Second && b >= DateTimePrecision.Second);

    private static int? CompareKeys(decimal?[] a, decimal?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            switch (a[i], b[i])
            {
                case ({ } x, { } y):
                    var c = x.CompareTo(y);
                    if (c != 0) return Math.Sign(c);
                    break;
                case (null, null):
                    return 0;
                default:
                    return null;
            }
        }

        return 0;
    }

    // Both values' components in one offset frame, the offset that values without an offset are taken to be in,
    // so a date-only value (which never shifts) lines up with the others. Empty when a shift makes a value's last
    // component uncertain (an hour-precision value moved by a half-hour offset) or leaves the supported years.
    private static int? CompareIn(TimeSpan frame, FhirPathDateTime a, FhirPathDateTime b) =>
        Shift(a, frame) is { } ka && Shift(b, frame) is { } kb ? CompareKeys(ka, kb) : null;

    private static decimal?[]? Shift(FhirPathDateTime value, TimeSpan frame)
    {
        var parts = value.Parts;
        if (parts.Hour is not { } hour) return parts.Keys();
        var delta = frame - (value.Offset ?? frame);
        if (delta == TimeSpan.Zero) return parts.Keys();
        if (parts.Minute is null && delta.Minutes != 0) return null;
        var local = new DateTime(parts.Year, parts.Month!.Value, parts.Day!.Value, hour, parts.Minute ?? 0, 0, DateTimeKind.Unspecified);
        if ((delta > TimeSpan.Zero && DateTime.MaxValue - local < delta) || (delta < TimeSpan.Zero && local - DateTime.MinValue < delta.Duration()))
        {
            return null;
        }

        var shifted = local + delta;
        return [shifted.Year, shifted.Month, shifted.Day, shifted.Hour, parts.Minute is null ? null : shifted.Minute, parts.Second];
    }
}
