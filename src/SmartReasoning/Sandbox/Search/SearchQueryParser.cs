using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// Reads a search request into a <see cref="SearchQuery"/>. Bad values, unsupported modifiers and chains are errors in
/// either mode (R4: a server SHALL reject what it cannot honour rather than return more than was asked for); unknown
/// or unsupported parameters are errors under strict handling and ignored with a warning otherwise.
/// </summary>
internal sealed partial class SearchQueryParser
{
    // Parameters of R4 search that this server does not implement: treated like unknown ones.
    private static readonly HashSet<string> s_unsupported = ["_contained", "_containedType", "_type", "_list", "_query", "_filter", "_text", "_content"];

    private readonly SearchQuery _query;
    private readonly SearchQueryOptions _options;
    private readonly DateTimeOffset _now;
    private readonly List<SearchIssue> _issues = [];
    private readonly List<SearchClause> _clauses = [];
    private readonly HashSet<string> _singleUse = new(StringComparer.Ordinal);

    private SearchQueryParser(string resourceType, SearchQueryOptions options)
    {
        _query = new SearchQuery(resourceType);
        _options = options;
        _now = options.Clock.GetUtcNow();
        _query.Count = Math.Clamp(options.DefaultCount, 0, EffectiveMaxCount);
    }

    private int EffectiveMaxCount => Math.Clamp(_options.MaxCount, 1, SearchQuery.MaxCount);

    public static SearchQuery Parse(string resourceType, IEnumerable<(string Name, string Value)> parameters, SearchQueryOptions options)
    {
        var parser = new SearchQueryParser(resourceType, options);
        parser.ParseAll(resourceType, parameters);
        return parser.Finish();
    }

    private void ParseAll(string resourceType, IEnumerable<(string Name, string Value)> parameters)
    {
        if (ModelInfo.FindType(resourceType) is not { IsResource: true, IsAbstract: false })
        {
            Error("", $"'{resourceType}' is not a FHIR R4 resource type", IssueType.NotSupported);
            return;
        }
        // Read at most one more than the limit, so a request with a million parameters costs no more than one with 101.
        List<(string Name, string Value)> list = [];
        foreach (var parameter in parameters)
        {
            if (list.Count == SearchQuery.MaxParameters)
            {
                Error("", $"the search has more than {SearchQuery.MaxParameters} parameters; at most {SearchQuery.MaxParameters} are accepted", IssueType.TooCostly);
                return;
            }
            list.Add((parameter.Name ?? "", parameter.Value ?? ""));
        }
        foreach (var (name, value) in list)
        {
            if (_options.IgnoredParameters.Contains(name)) continue;
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var code = colon < 0 ? name : name[..colon];
            var modifier = colon < 0 ? null : name[(colon + 1)..];
            if (code.StartsWith('_') && TryParseResultParameter(name, code, modifier, value)) continue;
            ParseCriterion(name, code, modifier, value);
        }
    }

    private SearchQuery Finish()
    {
        _query.Clauses = _clauses;
        _query.Issues = _issues;
        return _query;
    }

    private void ParseCriterion(string name, string code, string? modifierText, string value)
    {
        if (code.StartsWith("_has", StringComparison.Ordinal) || code.Contains('.', StringComparison.Ordinal))
        {
            Error(name, "chained parameters (subject.name) and reverse chaining (_has) are not supported", IssueType.NotSupported);
            return;
        }
        var parameter = SearchParameterCatalogue.Find(_query.ResourceType, code);
        if (parameter is null)
        {
            Unknown(name, $"'{code}' is not a search parameter of {_query.ResourceType}");
            return;
        }
        if (parameter.Expression is null || parameter.Type == SearchParamType.Special || s_unsupported.Contains(code))
        {
            Unknown(name, $"the search parameter '{code}' is not supported by this server");
            return;
        }
        if (!TryParseModifier(parameter, modifierText, out var modifier, out var typeModifier, out var modifierError))
        {
            Error(name, modifierError!, IssueType.NotSupported);
            return;
        }
        if (value.Length == 0)
        {
            Warning(name, $"'{name}' has no value and is ignored");
            return;
        }
        if (modifier == ModifierKind.Missing)
        {
            if (value is not ("true" or "false"))
            {
                Error(name, $"'{value}' is not a valid value for :missing (expected true or false)", IssueType.Value);
                return;
            }
            _clauses.Add(new SearchClause(parameter, name, value, value == "true", false, []));
            return;
        }

        var alternatives = SearchEscaping.Split(value, ',', SearchQuery.MaxValuesPerParameter + 1);
        if (alternatives.Count > SearchQuery.MaxValuesPerParameter)
        {
            Error(name, $"'{name}' has more than {SearchQuery.MaxValuesPerParameter} comma-separated values", IssueType.TooCostly);
            return;
        }
        List<SearchCriterion> criteria = [];
        foreach (var alternative in alternatives)
        {
            if (alternative.Length == 0) continue;
            if (CriterionParser.Parse(parameter, parameter.Type, modifier, typeModifier, alternative, _now, out var error) is { } criterion) criteria.Add(criterion);
            else
            {
                Error(name, $"invalid value for '{name}': {error}", IssueType.Value);
                return;
            }
        }
        if (criteria.Count == 0)
        {
            Warning(name, $"'{name}' has no value and is ignored");
            return;
        }
        _clauses.Add(new SearchClause(parameter, name, value, null, modifier == ModifierKind.Not, [.. criteria]));
    }

    /// <summary>Which modifiers each type takes (R4 search §2.1.1.5); the terminology ones (:in, :below on tokens...) need a terminology server.</summary>
    private static bool TryParseModifier(SearchParameterDefinition parameter, string? text, out ModifierKind modifier, out string? typeModifier, out string? error)
    {
        modifier = ModifierKind.None;
        typeModifier = null;
        error = null;
        if (text is null) return true;
        var type = parameter.Type;
        modifier = text switch
        {
            "missing" => ModifierKind.Missing,
            "exact" when type == SearchParamType.String => ModifierKind.Exact,
            "contains" when type == SearchParamType.String => ModifierKind.Contains,
            "text" when type == SearchParamType.Token => ModifierKind.Text,
            "not" when type == SearchParamType.Token => ModifierKind.Not,
            "above" when type == SearchParamType.Uri => ModifierKind.Above,
            "below" when type == SearchParamType.Uri => ModifierKind.Below,
            "identifier" when type == SearchParamType.Reference => ModifierKind.Identifier,
            _ when type == SearchParamType.Reference && ReferenceText.IsResourceType(text) => ModifierKind.ResourceType,
            _ => ModifierKind.None,
        };
        if (modifier == ModifierKind.None)
        {
            error = $"the modifier ':{text}' is not supported on '{parameter.Code}' (a {type.ToString().ToLowerInvariant()} parameter)";
            return false;
        }
        if (modifier == ModifierKind.ResourceType)
        {
            if (parameter.Targets.Count > 0 && !parameter.Targets.Contains(text))
            {
                error = $"'{parameter.Code}' cannot refer to a {text} (it refers to {string.Join(", ", parameter.Targets)})";
                return false;
            }
            typeModifier = text;
        }
        return true;
    }

    private void Error(string parameter, string message, IssueType type) => _issues.Add(new SearchIssue(parameter, message, true, type));

    private void Warning(string parameter, string message, IssueType type = IssueType.Informational) => _issues.Add(new SearchIssue(parameter, message, false, type));

    /// <summary>An unknown or unsupported parameter: an error under strict handling, else ignored with a warning.</summary>
    private void Unknown(string parameter, string message)
    {
        if (_options.StrictHandling) Error(parameter, message, IssueType.NotSupported);
        else Warning(parameter, message + "; it was ignored", IssueType.NotSupported);
    }
}
