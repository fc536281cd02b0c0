using System.Globalization;
using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// Reading and writing the ISO 8601 subset FHIR and FHIRPath use for dates and times. Each reader advances
/// <c>pos</c> only over what it accepts and never throws, so the TryParse methods built on it cannot crash.
/// </summary>
internal static class TemporalText
{
    // Nine digits already reach nanoseconds; the limit only keeps a hostile input from building a huge decimal.
    private const int MaxFractionDigits = 20;

    /// <summary>YYYY[-MM[-DD]]: the year 0001..9999, and a day that exists in its month.</summary>
    public static bool TryReadDate(string s, ref int pos, out int year, out int? month, out int? day)
    {
        month = null;
        day = null;
        if (!TryReadNumber(s, ref pos, 4, out year) || year < 1) return false;
        if (!TrySkip(s, ref pos, '-')) return true;
        if (!TryReadNumber(s, ref pos, 2, out var m) || m is < 1 or > 12) return false;
        month = m;
        if (!TrySkip(s, ref pos, '-')) return true;
        if (!TryReadNumber(s, ref pos, 2, out var d) || d < 1 || d > DateTime.DaysInMonth(year, m)) return false;
        day = d;
        return true;
    }

    /// <summary>
    /// hh[:mm[:ss[.f+]]]. Seconds come back as one decimal, fraction included, because FHIRPath treats seconds
    /// and milliseconds as a single precision with decimal semantics; the decimal keeps the digits as written.
    /// </summary>
    public static bool TryReadTime(string s, ref int pos, out int hour, out int? minute, out decimal? second)
    {
        minute = null;
        second = null;
        if (!TryReadNumber(s, ref pos, 2, out hour) || hour > 23) return false;
        if (!TrySkip(s, ref pos, ':')) return true;
        if (!TryReadNumber(s, ref pos, 2, out var mi) || mi > 59) return false;
        minute = mi;
        if (!TrySkip(s, ref pos, ':')) return true;
        var start = pos;
        if (!TryReadNumber(s, ref pos, 2, out var sec) || sec > 59) return false;
        if (TrySkip(s, ref pos, '.'))
        {
            var digits = CountDigits(s, pos);
            if (digits is 0 or > MaxFractionDigits) return false;
            pos += digits;
        }

        // The text is now known to be digits with at most one point, which decimal reads exactly, scale kept.
        second = decimal.Parse(s.AsSpan(start, pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Z or (+|-)hh:mm, hours up to 14 as ISO 8601 and FHIR allow.</summary>
    public static bool TryReadOffset(string s, ref int pos, out TimeSpan offset, out bool zulu)
    {
        offset = TimeSpan.Zero;
        zulu = false;
        if (TrySkip(s, ref pos, 'Z'))
        {
            zulu = true;
            return true;
        }

        if (pos >= s.Length || s[pos] is not ('+' or '-')) return false;
        var sign = s[pos] == '-' ? -1 : 1;
        pos++;
        if (!TryReadNumber(s, ref pos, 2, out var hh) || hh > 14) return false;
        if (!TrySkip(s, ref pos, ':')) return false;
        if (!TryReadNumber(s, ref pos, 2, out var mm) || mm > 59) return false;
        offset = sign * new TimeSpan(hh, mm, 0);
        return true;
    }

    public static bool TrySkip(string s, ref int pos, char c)
    {
        if (pos >= s.Length || s[pos] != c) return false;
        pos++;
        return true;
    }

    private static bool TryReadNumber(string s, ref int pos, int length, out int value)
    {
        value = 0;
        if (pos + length > s.Length) return false;
        for (var i = 0; i < length; i++)
        {
            var c = s[pos + i];
            if (!char.IsAsciiDigit(c)) return false;
            value = (value * 10) + (c - '0');
        }

        pos += length;
        return true;
    }

    private static int CountDigits(string s, int pos)
    {
        var n = 0;
        while (pos + n < s.Length && char.IsAsciiDigit(s[pos + n])) n++;
        return n;
    }

    public static void AppendDate(StringBuilder sb, int year, int? month, int? day)
    {
        sb.Append(year.ToString("D4", CultureInfo.InvariantCulture));
        if (month is not { } m) return;
        sb.Append('-').Append(m.ToString("D2", CultureInfo.InvariantCulture));
        if (day is { } d) sb.Append('-').Append(d.ToString("D2", CultureInfo.InvariantCulture));
    }

    public static void AppendTime(StringBuilder sb, int hour, int? minute, decimal? second)
    {
        sb.Append(hour.ToString("D2", CultureInfo.InvariantCulture));
        if (minute is not { } mi) return;
        sb.Append(':').Append(mi.ToString("D2", CultureInfo.InvariantCulture));
        if (second is not { } s) return;
        sb.Append(':');
        if (s < 10) sb.Append('0');
        sb.Append(s.ToString(CultureInfo.InvariantCulture)); // decimal's own text keeps the fraction digits as written
    }

    public static void AppendOffset(StringBuilder sb, TimeSpan offset, bool zulu)
    {
        if (zulu && offset == TimeSpan.Zero)
        {
            sb.Append('Z');
            return;
        }

        sb.Append(offset < TimeSpan.Zero ? '-' : '+');
        var abs = offset.Duration();
        sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':').Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
    }
}
