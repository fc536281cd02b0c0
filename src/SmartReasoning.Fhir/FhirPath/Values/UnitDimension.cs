using System.Globalization;
using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// What a unit measures, as exponents of base quantities (m, g, s, ...; arbitrary units such as [IU] are their
/// own base). Two quantities are comparable exactly when their dimensions are equal: 'cm' and 'm' are, 'cm2'
/// and 'cm' are not. Immutable; equality is by the canonical text, e.g. "g.m-3".
/// </summary>
internal sealed class UnitDimension : IEquatable<UnitDimension>
{
    private readonly SortedDictionary<string, int> _exponents;
    private readonly string _key;

    public static readonly UnitDimension None = new(new SortedDictionary<string, int>(StringComparer.Ordinal));

    private UnitDimension(SortedDictionary<string, int> exponents)
    {
        _exponents = exponents;
        var sb = new StringBuilder();
        foreach (var (name, exponent) in exponents)
        {
            if (sb.Length > 0) sb.Append('.');
            sb.Append(name);
            if (exponent != 1) sb.Append(exponent.ToString(CultureInfo.InvariantCulture));
        }

        _key = sb.ToString();
    }

    public static UnitDimension Base(string name) => new(new SortedDictionary<string, int>(StringComparer.Ordinal) { [name] = 1 });

    public bool IsDimensionless => _exponents.Count == 0;

    public UnitDimension Multiply(UnitDimension other)
    {
        var result = new SortedDictionary<string, int>(_exponents, StringComparer.Ordinal);
        foreach (var (name, exponent) in other._exponents)
        {
            var sum = result.GetValueOrDefault(name) + exponent;
            if (sum == 0) result.Remove(name);
            else result[name] = sum;
        }

        return new UnitDimension(result);
    }

    public UnitDimension Pow(int exponent)
    {
        if (exponent == 0) return None;
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, e) in _exponents) result[name] = e * exponent;
        return new UnitDimension(result);
    }

    public bool Equals(UnitDimension? other) => other is not null && string.Equals(_key, other._key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as UnitDimension);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_key);

    public override string ToString() => _key.Length == 0 ? "1" : _key;
}

/// <summary>The meaning of a UCUM unit: how many base units one of it is, and what it measures.</summary>
internal sealed record UcumMeaning(Rational Factor, UnitDimension Dimension)
{
    public static readonly UcumMeaning Unity = new(Rational.One, UnitDimension.None);

    public UcumMeaning Multiply(UcumMeaning other) => new(Factor * other.Factor, Dimension.Multiply(other.Dimension));

    public UcumMeaning Pow(int exponent) => new(Factor.Pow(exponent), Dimension.Pow(exponent));
}
