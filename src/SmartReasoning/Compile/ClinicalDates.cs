using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Compile;

/// <summary>FHIR date, dateTime, instant and the date-carrying choice types read as points in time (partial dates at their start).</summary>
internal static class ClinicalDates
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (TryParseInstant(text, out var instant)) return instant;
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

    // The common full form, yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm|-hh:mm), read by hand: a record has thousands of
    // them and the general parser is several times slower.
    private static bool TryParseInstant(string s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)) return false;
        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            var scale = TimeSpan.TicksPerSecond;
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++)
                if (scale >= 10) fractionTicks += (s[i] - '0') * (scale /= 10);
        }
        TimeSpan offset;
        if (i == s.Length - 1 && s[i] == 'Z') offset = TimeSpan.Zero;
        else if (i == s.Length - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':'
            && Digits(s, i + 1, 2, out var offsetHours) && Digits(s, i + 4, 2, out var offsetMinutes) && offsetHours <= 14 && offsetMinutes < 60)
            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (s[i] == '-' ? -1 : 1);
        else return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
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
