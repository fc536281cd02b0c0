using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>Parses one OR alternative of a parameter's value into a criterion of the parameter's type, or says what is wrong with it.</summary>
internal static class CriterionParser
{
    private const string DateForms = "expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.sss]][Z|+hh:mm], optionally after a prefix (eq, ne, gt, lt, ge, le, sa, eb, ap)";

    /// <param name="escaped">The alternative as received, escapes still in it.</param>
    /// <param name="typeModifier">For <see cref="ModifierKind.ResourceType"/>, the type named.</param>
    public static SearchCriterion? Parse(SearchParameterDefinition parameter, SearchParamType type, ModifierKind modifier, string? typeModifier,
        string escaped, DateTimeOffset now, out string? error)
    {
        error = null;
        switch (type)
        {
            case SearchParamType.Token:
                return modifier == ModifierKind.Text ? TokenCriterion.Text(escaped) : TokenCriterion.Parse(escaped);
            case SearchParamType.String:
                return new StringCriterion(modifier, SearchEscaping.Unescape(escaped));
            case SearchParamType.Uri:
                return new UriCriterion(modifier, SearchEscaping.Unescape(escaped));
            case SearchParamType.Reference:
                if (modifier == ModifierKind.Identifier) return ReferenceCriterion.Identifier(escaped);
                var value = SearchEscaping.Unescape(escaped);
                if (modifier == ModifierKind.ResourceType && ReferenceText.ToTypeAndId(value) is { } typed && !typed.StartsWith(typeModifier + "/", StringComparison.Ordinal))
                {
                    error = $"'{value}' names a {typed[..typed.IndexOf('/', StringComparison.Ordinal)]}, not a {typeModifier}";
                    return null;
                }
                return ReferenceCriterion.Parse(value, typeModifier is null ? parameter.Targets : [typeModifier]);
            case SearchParamType.Date:
            {
                var (prefix, text) = SearchPrefix.Split(SearchEscaping.Unescape(escaped));
                if (DateRange.TryParse(text, out var range)) return new DateCriterion(prefix, range, now);
                error = $"'{SearchEscaping.Unescape(escaped)}' is not a valid date: {DateForms}";
                return null;
            }
            case SearchParamType.Number:
            {
                var (prefix, text) = SearchPrefix.Split(SearchEscaping.Unescape(escaped));
                if (NumberCriterion.TryParse(prefix, text, out var number)) return number;
                error = $"'{SearchEscaping.Unescape(escaped)}' is not a number (expected a decimal such as 100, -2.5 or 1e3, optionally after a prefix such as gt)";
                return null;
            }
            case SearchParamType.Quantity:
                if (QuantityCriterion.TryParse(escaped, out var quantity)) return quantity;
                error = $"'{SearchEscaping.Unescape(escaped)}' is not a quantity (expected [prefix]number, [prefix]number|system|code or [prefix]number||code)";
                return null;
            case SearchParamType.Composite:
                return ParseComposite(parameter, escaped, now, out error);
            default:
                error = $"parameters of type {type.ToString().ToLowerInvariant()} are not supported";
                return null;
        }
    }

    private static CompositeCriterion? ParseComposite(SearchParameterDefinition parameter, string escaped, DateTimeOffset now, out string? error)
    {
        var parts = SearchEscaping.Split(escaped, '$');
        if (parts.Count != parameter.Components.Count)
        {
            error = $"'{SearchEscaping.Unescape(escaped)}' has {parts.Count} part(s); {parameter.Code} takes {parameter.Components.Count} separated by '$'";
            return null;
        }
        List<SearchCriterion> criteria = [];
        for (var i = 0; i < parts.Count; i++)
        {
            var component = SearchParameterCatalogue.FindByUrl(parameter.Components[i].Definition);
            if (component is null)
            {
                error = $"the component {parameter.Components[i].Definition} of {parameter.Code} is unknown";
                return null;
            }
            if (Parse(component, component.Type, ModifierKind.None, null, parts[i], now, out error) is not { } criterion) return null;
            criteria.Add(criterion);
        }
        error = null;
        return new CompositeCriterion(criteria);
    }
}
