using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The UCUM units this implementation understands, and the meaning (factor and dimension) of a unit expression
/// built from them. A subset of UCUM: the units clinical data uses for mass, length, volume, time, pressure,
/// energy, amount and counts, with the metric prefixes. Units outside it (and the special, non-ratio units
/// such as Cel and [degF]) are still valid quantities: they compare only with the very same unit.
/// </summary>
internal static class UcumUnits
{
    // Definitions follow the UCUM table: a factor of another unit expression; '#name' marks a base dimension.
    // mol is kept as its own base rather than UCUM's dimensionless 6.02e23, so 'mol' never equals a pure number.
    private static readonly (string Code, bool Metric, string Factor, string Definition)[] Table =
    [
        ("m", true, "1", "#m"), ("s", true, "1", "#s"), ("g", true, "1", "#g"), ("rad", true, "1", "#rad"),
        ("K", true, "1", "#K"), ("C", true, "1", "#C"), ("cd", true, "1", "#cd"), ("mol", true, "1", "#mol"),

        // Dimensionless
        ("10*", false, "10", "1"), ("10^", false, "10", "1"), ("%", false, "1/100", "1"),
        ("[ppth]", false, "1/1000", "1"), ("[ppm]", false, "1/1000000", "1"), ("[ppb]", false, "1/1000000000", "1"),
        ("[pptr]", false, "1/1000000000000", "1"),

        // Time: 'a' is the Julian year of 365.25 days and 'mo' a twelfth of it (definite durations, not calendar ones)
        ("min", false, "60", "s"), ("h", false, "60", "min"), ("d", false, "24", "h"), ("wk", false, "7", "d"),
        ("a_j", false, "365.25", "d"), ("a_g", false, "365.2425", "d"), ("a_t", false, "365.24219", "d"), ("a", false, "1", "a_j"),
        ("mo_j", false, "1/12", "a_j"), ("mo_g", false, "1/12", "a_g"), ("mo_s", false, "29.53059", "d"), ("mo", false, "1", "mo_j"),

        // Length
        ("[in_i]", false, "2.54", "cm"), ("[ft_i]", false, "12", "[in_i]"), ("[yd_i]", false, "3", "[ft_i]"),
        ("[mi_i]", false, "5280", "[ft_i]"), ("[nmi_i]", false, "1852", "m"), ("Ao", false, "0.1", "nm"),

        // Volume
        ("l", true, "1", "dm3"), ("L", true, "1", "l"), ("[gal_us]", false, "231", "[in_i]3"), ("[qt_us]", false, "1/4", "[gal_us]"),
        ("[pt_us]", false, "1/2", "[qt_us]"), ("[foz_us]", false, "1/16", "[pt_us]"), ("[tbs_us]", false, "1/2", "[foz_us]"),
        ("[tsp_us]", false, "1/3", "[tbs_us]"), ("[cup_us]", false, "16", "[tbs_us]"), ("[gal_br]", false, "4.54609", "l"),
        ("[drp]", false, "1/20", "mL"),

        // Mass
        ("[gr]", false, "64.79891", "mg"), ("[lb_av]", false, "7000", "[gr]"), ("[oz_av]", false, "1/16", "[lb_av]"),
        ("[dr_av]", false, "1/16", "[oz_av]"), ("t", true, "1000", "kg"),

        // Mechanics, pressure, energy, electricity
        ("sr", true, "1", "rad2"), ("Hz", true, "1", "s-1"), ("N", true, "1", "kg.m/s2"), ("Pa", true, "1", "N/m2"),
        ("J", true, "1", "N.m"), ("W", true, "1", "J/s"), ("A", true, "1", "C/s"), ("V", true, "1", "J/C"), ("Ohm", true, "1", "V/A"),
        ("bar", true, "100000", "Pa"), ("atm", false, "101325", "Pa"), ("m[Hg]", true, "133.3220", "kPa"),
        ("m[H2O]", true, "9.80665", "kPa"), ("[in_i'Hg]", false, "1", "m[Hg].[in_i]/m"), ("[g]", false, "9.80665", "m/s2"),
        ("[lbf_av]", false, "1", "[lb_av].[g]"), ("[psi]", false, "1", "[lbf_av]/[in_i]2"), ("cal", true, "4.184", "J"),
        ("[Cal]", false, "1", "kcal"),

        // Amount of substance, catalytic activity, arbitrary units
        ("eq", true, "1", "mol"), ("osm", true, "1", "mol"), ("kat", true, "1", "mol/s"), ("U", true, "1", "umol/min"),
        ("g%", true, "1", "g/dl"), ("[IU]", true, "1", "#[IU]"), ("[iU]", true, "1", "[IU]"), ("[arb'U]", false, "1", "#[arb'U]"),
    ];

    private static readonly (string Prefix, Rational Factor)[] Prefixes =
    [
        ("da", Rational.Create(10, 1)), ("Y", Power(24)), ("Z", Power(21)), ("E", Power(18)), ("P", Power(15)), ("T", Power(12)),
        ("G", Power(9)), ("M", Power(6)), ("k", Power(3)), ("h", Power(2)), ("d", Power(-1)), ("c", Power(-2)),
        ("m", Power(-3)), ("u", Power(-6)), ("n", Power(-9)), ("p", Power(-12)), ("f", Power(-15)), ("a", Power(-18)),
        ("z", Power(-21)), ("y", Power(-24)),
    ];

    private static readonly Dictionary<string, (bool Metric, UcumMeaning Meaning)> Atoms = BuildAtoms();

    // Units repeat endlessly in data; resolving each once keeps comparisons cheap. Bounded so that a stream of
    // distinct junk units cannot grow it without limit.
    private static readonly ConcurrentDictionary<string, UcumMeaning?> Cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 4096;

    /// <summary>The meaning of a unit expression, or null when it is not valid UCUM or uses units not known here.</summary>
    public static UcumMeaning? Resolve(string unit)
    {
        if (Cache.TryGetValue(unit, out var cached)) return cached;
        var meaning = UcumSyntax.TryParse(unit, out var terms) ? Resolve(terms) : null;
        if (Cache.Count < CacheLimit) Cache.TryAdd(unit, meaning);
        return meaning;
    }

    public static UcumMeaning? Resolve(IEnumerable<UnitTerm> terms)
    {
        var result = UcumMeaning.Unity;
        foreach (var term in terms)
        {
            if (ResolveTerm(term) is not { } meaning) return null;
            result = result.Multiply(meaning.Pow(term.Exponent));
        }

        return result;
    }

    private static UcumMeaning? ResolveTerm(UnitTerm term)
    {
        if (term.Symbol.Length == 0) return UcumMeaning.Unity; // a bare annotation such as {cells} counts as 1
        if (term.IsNumber)
        {
            // A factor of 0 is no unit (and "/0" would divide by zero).
            var number = BigInteger.Parse(term.Symbol, CultureInfo.InvariantCulture);
            return number.IsZero ? null : new UcumMeaning(Rational.Create(number, 1), UnitDimension.None);
        }

        if (term.Symbol[0] == '(') return Resolve(term.Symbol[1..^1]);
        return ResolveSymbol(term.Symbol, Atoms);
    }

    private static UcumMeaning? ResolveSymbol(string symbol, Dictionary<string, (bool Metric, UcumMeaning Meaning)> atoms)
    {
        if (atoms.TryGetValue(symbol, out var atom)) return atom.Meaning;
        foreach (var (prefix, factor) in Prefixes)
        {
            if (symbol.Length > prefix.Length && symbol.StartsWith(prefix, StringComparison.Ordinal)
                && atoms.TryGetValue(symbol[prefix.Length..], out var prefixed) && prefixed.Metric)
            {
                return new UcumMeaning(factor * prefixed.Meaning.Factor, prefixed.Meaning.Dimension);
            }
        }

        return null;
    }

    private static Dictionary<string, (bool Metric, UcumMeaning Meaning)> BuildAtoms()
    {
        var atoms = new Dictionary<string, (bool, UcumMeaning)>(StringComparer.Ordinal);
        foreach (var (code, metric, factor, definition) in Table)
        {
            UcumMeaning basis;
            if (definition[0] == '#')
            {
                basis = new UcumMeaning(Rational.One, UnitDimension.Base(definition[1..]));
            }
            else
            {
                // Definitions only use units defined above them, so resolving against the table so far suffices.
                UcumSyntax.TryParse(definition, out var terms);
                basis = UcumMeaning.Unity;
                foreach (var term in terms)
                {
                    var part = term.IsNumber || term.Symbol.Length == 0
                        ? ResolveTerm(term)!
                        : ResolveSymbol(term.Symbol, atoms) ?? throw new InvalidOperationException($"UCUM table: {code} uses unknown {term.Symbol}");
                    basis = basis.Multiply(part.Pow(term.Exponent));
                }
            }

            atoms[code] = (metric, new UcumMeaning(Rational.Parse(factor) * basis.Factor, basis.Dimension));
        }

        return atoms;
    }

    private static Rational Power(int exponent) => Rational.Create(10, 1).Pow(exponent);
}
