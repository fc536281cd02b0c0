using System.Buffers.Binary;
using System.Globalization;

namespace SmartReasoning.Deidentify;

/// <summary>
/// Moves FHIR date, dateTime and instant values by a whole number of days, keeping their precision and their
/// time of day and zone, so every interval between two full dates is exactly what it was.
/// </summary>
internal static class DateShifter
{
    /// <summary>The patient's offset: derived from a keyed hash of the patient id, never zero, within ±365 days.</summary>
    public static int OffsetDays(KeyedHash key, string patientId)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(key.Bytes("date-shift|" + patientId));
        var d = (int)(value % 730);
        return d < 365 ? d - 365 : d - 364;
    }

    /// <summary>The shifted text, or null when the text is not a FHIR date/dateTime/instant.</summary>
    public static string? Shift(string text, int days)
    {
        if (text.Length < 4 || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        if (text.Length == 4)
            // A year alone is moved from its middle, so the result stays a year and is wrong by at most one.
            return new DateOnly(year, 7, 2).AddDays(days).Year.ToString("D4", CultureInfo.InvariantCulture);
        if (text.Length == 7)
        {
            if (!DateOnly.TryParseExact(text + "-15", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)) return null;
            return month.AddDays(days).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        if (text.Length < 10 || !DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        // Only the date part changes: the time and zone that follow it stay exactly as written.
        return date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + text[10..];
    }

    /// <summary>The year of a FHIR date text, or null.</summary>
    public static string? YearOf(string text) =>
        text.Length >= 4 && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? text[..4] : null;

    /// <summary>The day a FHIR date text names (its first day for a year or month), or null.</summary>
    public static DateOnly? DayOf(string text)
    {
        var padded = text.Length switch { 4 => text + "-01-01", 7 => text + "-01", >= 10 => text[..10], _ => null };
        return padded is not null && DateOnly.TryParseExact(padded, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }
}
