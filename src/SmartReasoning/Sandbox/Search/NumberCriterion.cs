using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A number with its prefix (R4 search §2.1.1.5.1). The searched number's precision makes eq a range: 100 is
/// [99.5, 100.5), 100.00 is [99.995, 100.005), 1e2 is [50, 150). The others compare with the number itself: gt/lt/ge/le
/// as written, sa/eb the value lies wholly above/below it, ne not eq, ap within 10% of it. An indexed Range counts
/// as all the numbers it covers.
/// </summary>
internal sealed class NumberCriterion : SearchCriterion
{
    private readonly SearchComparator _prefix;
    private readonly decimal _value;
    private readonly decimal _half; // half a unit of the last significant digit

    public NumberCriterion(SearchComparator prefix, decimal value, decimal half)
    {
        _prefix = prefix;
        _value = value;
        _half = half;
    }

    /// <summary>Parses a plain or exponent-notation decimal; false for anything else (including NaN and infinities).</summary>
    public static bool TryParse(SearchComparator prefix, string text, out NumberCriterion? criterion)
    {
        criterion = null;
        if (text.Length is 0 or > 64 || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var value)) return false;
        var mantissa = text;
        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            mantissa = text[..e];
            if (!int.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return false;
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var decimals = (dot < 0 ? 0 : mantissa.Length - dot - 1) - exponent;
        criterion = new NumberCriterion(prefix, value, HalfUnit(decimals));
        return true;
    }

    /// <summary>The same comparison for a value converted to another unit (its precision scaled alike).</summary>
    public NumberCriterion WithValue(decimal value) =>
        new(_prefix, value, _value == 0 ? _half : Math.Abs(_half * value / _value));

    public decimal Value => _value;

    public override bool Matches(SearchValue value)
    {
        if (value.Number is not { } low) return false;
        var high = value.NumberHigh ?? low;
        return _prefix switch
        {
            SearchComparator.Eq => IsEqual(low, high),
            SearchComparator.Ne => !IsEqual(low, high),
            SearchComparator.Gt => high > _value,
            SearchComparator.Lt => low < _value,
            SearchComparator.Ge => high >= _value,
            SearchComparator.Le => low <= _value,
            SearchComparator.Sa => low > _value,
            SearchComparator.Eb => high < _value,
            SearchComparator.Ap => Approximately(low, high),
            _ => false,
        };
    }

    private bool IsEqual(decimal low, decimal high) => low >= _value - _half && high < _value + _half;

    private bool Approximately(decimal low, decimal high)
    {
        var margin = Math.Max(Math.Abs(_value) / 10, _half);
        return low <= _value + margin && high >= _value - margin;
    }

    private static decimal HalfUnit(int decimals)
    {
        // 0.5 × 10^-decimals, kept within decimal's 28 digits.
        decimals = Math.Clamp(decimals, -27, 27);
        var half = 0.5m;
        for (var i = 0; i < decimals; i++) half /= 10;
        for (var i = 0; i > decimals; i--) half *= 10;
        return half;
    }
}
