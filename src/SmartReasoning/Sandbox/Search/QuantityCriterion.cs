using System.Collections.Concurrent;
using SmartReasoning.Fhir.FhirPath;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A quantity: <c>[prefix]number|system|code</c> (that unit), <c>[prefix]number||code</c> (a unit code or unit text,
/// any system) or <c>[prefix]number</c> (any unit). The number compares as <see cref="NumberCriterion"/>. When both
/// sides are UCUM and the codes differ, the searched value is converted to the stored unit first, so 5.4 mmol/L also
/// finds 5400 umol/L.
/// </summary>
internal sealed class QuantityCriterion(NumberCriterion number, string? system, string? code) : SearchCriterion
{
    private const string Ucum = "http://unitsofmeasure.org";

    // The searched value converted per stored UCUM unit (null: not commensurable); few units occur per search.
    private readonly ConcurrentDictionary<string, NumberCriterion?> _converted = new(StringComparer.Ordinal);

    public static bool TryParse(string escaped, out QuantityCriterion? criterion)
    {
        criterion = null;
        var parts = SearchEscaping.Split(escaped, '|', 3);
        var (prefix, numberText) = SearchPrefix.Split(SearchEscaping.Unescape(parts[0]));
        if (!NumberCriterion.TryParse(prefix, numberText, out var number)) return false;
        var system = parts.Count > 1 && parts[1].Length > 0 ? SearchEscaping.Unescape(parts[1]) : null;
        var code = parts.Count > 2 && parts[2].Length > 0 ? SearchEscaping.Unescape(parts[2]) : null;
        if (system is not null && code is null) return false; // a system without a code says nothing
        criterion = new QuantityCriterion(number!, system, code);
        return true;
    }

    public override bool Matches(SearchValue value)
    {
        if (code is null) return number.Matches(value);
        if (system is null)
            return (string.Equals(value.Code, code, StringComparison.Ordinal) || string.Equals(value.Unit, code, StringComparison.Ordinal)) && number.Matches(value);
        if (string.Equals(value.System, system, StringComparison.Ordinal) && string.Equals(value.Code, code, StringComparison.Ordinal))
            return number.Matches(value);
        if (system == Ucum && value.System == Ucum && value.Code is { } storedUnit)
            return _converted.GetOrAdd(storedUnit, Convert) is { } converted && converted.Matches(value);
        return false;
    }

    private NumberCriterion? Convert(string storedUnit)
    {
        try
        {
            return new FhirPathQuantity(number.Value, code!).ConvertTo(storedUnit) is { } q ? number.WithValue(q.Value) : null;
        }
        catch (Exception ex) when (ex is FhirPathValueException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
