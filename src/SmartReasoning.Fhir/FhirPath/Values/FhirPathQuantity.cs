using System.Globalization;
using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The FHIRPath System.Quantity: a decimal value and a unit, either a UCUM code ('mg', 'mm[Hg]', '1' for a
/// pure number) or a calendar duration keyword (year, months, days...). Immutable. The value keeps its scale
/// (1.0 and 1.00 print as written). <see cref="Equals(FhirPathQuantity?)"/> is structural (same value and
/// same unit); the FHIRPath operators, which convert units, are in <see cref="FhirPathQuantityMath"/>.
/// </summary>
public sealed class FhirPathQuantity : IEquatable<FhirPathQuantity>
{
    /// <param name="value">The amount.</param>
    /// <param name="unit">
    /// A UCUM code ('1' when dimensionless) or a calendar duration keyword, singular or plural. An empty unit,
    /// which FHIR data read leniently can carry, is taken as '1' rather than failing the evaluation.
    /// </param>
    public FhirPathQuantity(decimal value, string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Value = value;
        Unit = unit.Length == 0 ? "1" : unit;
        if (CalendarUnits.TryParse(Unit, out var calendar)) CalendarUnit = calendar;
    }

    public decimal Value { get; }

    public string Unit { get; }

    /// <summary>
    /// True for the calendar duration keywords (year, month, week, day, hour, minute, second, millisecond and
    /// their plurals), which FHIRPath distinguishes from the UCUM definite durations 'a', 'mo', 'wk', 'd'...
    /// </summary>
    public bool IsCalendarDuration => CalendarUnit is not null;

    internal CalendarUnit? CalendarUnit { get; }

    internal FhirPathQuantity Negate() => new(-Value, Unit);

    /// <summary>lowBoundary(): the value's <see cref="FhirPathDecimal.LowBoundary"/> in the same unit (1.587 'cm' to 1.58650000 'cm').</summary>
    public FhirPathQuantity? LowBoundary(int? precision = null) =>
        FhirPathDecimal.LowBoundary(Value, precision) is { } low ? new FhirPathQuantity(low, Unit) : null;

    /// <summary>highBoundary(): the value's <see cref="FhirPathDecimal.HighBoundary"/> in the same unit (1.587 'm' to 1.58750000 'm').</summary>
    public FhirPathQuantity? HighBoundary(int? precision = null) =>
        FhirPathDecimal.HighBoundary(Value, precision) is { } high ? new FhirPathQuantity(high, Unit) : null;

    /// <summary>
    /// Reads the FHIRPath quantity literal and what toQuantity() accepts: a number with an optional sign and
    /// fraction, then optionally a quoted UCUM unit or a calendar keyword: "5 'mg'", "5.0 'mg'", "-1.5 'cm'",
    /// "4 days", "1 year"; a bare number ("5") has the unit '1'. Never throws.
    /// </summary>
    public static bool TryParse(string? text, out FhirPathQuantity? value)
    {
        value = null;
        if (text is null) return false;
        var pos = 0;
        if (pos < text.Length && text[pos] is '+' or '-') pos++;
        if (!SkipDigits(text, ref pos)) return false;
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            if (!SkipDigits(text, ref pos)) return false;
        }

        if (!decimal.TryParse(text.AsSpan(0, pos), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false; // more digits than a decimal holds
        }

        if (pos == text.Length)
        {
            value = new FhirPathQuantity(number, "1");
            return true;
        }

        while (pos < text.Length && text[pos] == ' ') pos++;
        string? unit;
        if (pos < text.Length && text[pos] == '\'')
        {
            unit = ReadQuoted(text, ref pos);
        }
        else
        {
            unit = text[pos..];
            if (!CalendarUnits.TryParse(unit, out _)) unit = null;
            pos = text.Length;
        }

        if (unit is not { Length: > 0 } || pos != text.Length) return false;
        value = new FhirPathQuantity(number, unit);
        return true;
    }

    private static bool SkipDigits(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
        return pos > start;
    }

    // A FHIRPath string literal body: '...' with backslash escapes for the quote and the usual JSON characters.
    private static string? ReadQuoted(string text, ref int pos)
    {
        var sb = new StringBuilder();
        for (pos++; pos < text.Length; pos++)
        {
            var c = text[pos];
            if (c == '\'')
            {
                pos++;
                return sb.ToString();
            }

            if (c == '\\')
            {
                if (++pos >= text.Length) return null;
                c = text[pos] switch
                {
                    '\'' or '"' or '`' or '\\' or '/' => text[pos],
                    't' => '\t',
                    'n' => '\n',
                    'r' => '\r',
                    'f' => '\f',
                    _ => '\0',
                };
                if (c == '\0') return null;
            }

            sb.Append(c);
        }

        return null;
    }

    /// <summary>The FHIRPath literal form: "5 'mg'", "1.50 'g/dL'", "4 days"; a calendar keyword is unquoted.</summary>
    public override string ToString()
    {
        var number = Value.ToString(CultureInfo.InvariantCulture);
        if (IsCalendarDuration) return number + " " + Unit;
        return number + " '" + Unit.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// This quantity in another unit of the same dimension ('g' to 'mg', days to 'h'), or null when the units are
    /// not convertible: different dimensions, units not known, or a calendar year/month against 'a'/'mo', which
    /// FHIRPath keeps apart (§6.1.1). The value is exact where a decimal can hold it.
    /// </summary>
    public FhirPathQuantity? ConvertTo(string unit)
    {
        if (string.IsNullOrEmpty(unit)) return null;
        if (string.Equals(unit, Unit, StringComparison.Ordinal)) return this;
        var target = new FhirPathQuantity(1m, unit);
        if (!QuantityAlignment.TryAlign(this, target, equivalence: false, out var from, out var to)) return null;
        try
        {
            return new FhirPathQuantity((Rational.FromDecimal(Value) * from / to).ToDecimal(), unit);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public bool Equals(FhirPathQuantity? other) => other is not null && Value == other.Value && QuantityAlignment.SameUnit(this, other);

    public override bool Equals(object? obj) => Equals(obj as FhirPathQuantity);

    public override int GetHashCode() => HashCode.Combine(Value, CalendarUnit is { } c ? CalendarUnits.UcumCode(c) + "@calendar" : Unit);
}
