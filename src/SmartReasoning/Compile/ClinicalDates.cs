using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Compile;

/// <summary>FHIR date, dateTime, instant and the date-carrying choice types read as points in time (partial dates at their start).</summary>
internal static class ClinicalDates
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return text.Length switch
        {
            4 when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1 =>
                new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero),
            7 when DateTimeOffset.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, styles, out var month) => month,
            10 when DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var day) => day,
            _ => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var time) ? time : null,
        };
    }

    /// <summary>The start of a dateTime, instant, date or Period choice; null for the other choices (Age, Range, string).</summary>
    public static DateTimeOffset? Start(Element? element) => element switch
    {
        FhirDateTime dateTime => Parse(dateTime.Value),
        Instant instant => Parse(instant.Value),
        Date date => Parse(date.Value),
        Period period => Parse(period.Start?.Value) ?? Parse(period.End?.Value),
        _ => null,
    };

    public static DateTimeOffset? End(Element? element) => element switch
    {
        Period period => Parse(period.End?.Value),
        _ => null,
    };

    public static string Format(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "unknown date";
}
