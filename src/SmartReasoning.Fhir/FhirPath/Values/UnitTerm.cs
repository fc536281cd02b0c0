using System.Globalization;
using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// One factor of a unit as written: a symbol ('cm', '10*', a number, or a parenthesised group), an optional
/// UCUM annotation ('{cells}') and an exponent ('cm2' is cm with 2, 'g/dL' has dL with -1). Units are composed
/// (for * and /) at this level, so the result keeps the symbols the author used.
/// </summary>
internal sealed record UnitTerm(string Symbol, string Annotation, int Exponent)
{
    public bool IsNumber => Symbol.Length > 0 && Symbol.All(char.IsAsciiDigit);

    /// <summary>True when the term means nothing: the unit '1', or a group that cancelled out.</summary>
    public bool IsUnity => Exponent == 0 || (Annotation.Length == 0 && Symbol == "1");

    /// <summary>
    /// Writes terms as UCUM: numerator terms joined by '.', then each denominator term after a '/', e.g.
    /// "mg/dL", "g.m/s2"; no terms is "1". A number raised to a power is written as its value, since UCUM has no
    /// exponent on numbers ("/576", never "/242").
    /// </summary>
    public static string Format(IReadOnlyList<UnitTerm> terms)
    {
        var numerator = terms.Where(t => t.Exponent > 0).ToList();
        var denominator = terms.Where(t => t.Exponent < 0).ToList();
        var sb = new StringBuilder();
        for (var i = 0; i < numerator.Count; i++)
        {
            if (i > 0) sb.Append('.');
            Append(sb, numerator[i], numerator[i].Exponent);
        }

        if (numerator.Count == 0) sb.Append('1');
        foreach (var term in denominator)
        {
            sb.Append('/');
            Append(sb, term, -term.Exponent);
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, UnitTerm term, int exponent)
    {
        if (term.IsNumber && exponent != 1)
        {
            sb.Append(System.Numerics.BigInteger.Pow(System.Numerics.BigInteger.Parse(term.Symbol, CultureInfo.InvariantCulture), exponent).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(term.Symbol);
            if (exponent != 1) sb.Append(exponent.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(term.Annotation);
    }

    /// <summary>Multiplies two term lists: exponents of the same symbol add up, and units that cancel vanish.</summary>
    public static List<UnitTerm> Combine(IEnumerable<UnitTerm> left, IEnumerable<UnitTerm> right)
    {
        var result = new List<UnitTerm>();
        foreach (var term in left.Concat(right))
        {
            if (term.IsUnity) continue;
            var index = result.FindIndex(t => t.Symbol == term.Symbol && t.Annotation == term.Annotation);
            if (index < 0) result.Add(term);
            else result[index] = result[index] with { Exponent = result[index].Exponent + term.Exponent };
        }

        result.RemoveAll(t => t.Exponent == 0);
        return result;
    }
}
