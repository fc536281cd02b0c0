using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

// The result parameters: _count, _sort, _include, _revinclude, _summary, _elements, _total.
internal sealed partial class SearchQueryParser
{
    private readonly List<IncludeParameter> _includes = [];
    private readonly List<IncludeParameter> _revIncludes = [];
    private List<string>? _elements;

    /// <summary>Parses <paramref name="name"/> if it is a result parameter; false when it is a search criterion.</summary>
    private bool TryParseResultParameter(string name, string code, string? modifier, string value)
    {
        if (value.Length == 0 && code is "_include" or "_revinclude" or "_count" or "_sort" or "_summary" or "_total" or "_elements")
        {
            Warning(name, $"'{name}' has no value and is ignored");
            return true;
        }
        switch (code)
        {
            case "_include" or "_revinclude":
                ParseInclude(name, code == "_revinclude", modifier, value);
                return true;
            case "_count" or "_sort" or "_summary" or "_total" or "_elements":
                if (modifier is not null) Error(name, $"'{code}' takes no modifier", IssueType.NotSupported);
                else if (code != "_elements" && !_singleUse.Add(code)) Error(name, $"'{code}' may appear only once", IssueType.Invalid);
                else if (code == "_count") ParseCount(value);
                else if (code == "_sort") ParseSort(value);
                else if (code == "_elements") ParseElements(value);
                else if (code == "_summary") ParseSummary(value);
                else ParseTotal(value);
                return true;
            default:
                return false;
        }
    }

    private void ParseCount(string value)
    {
        var max = EffectiveMaxCount;
        // Digits only: a huge count is still a count (reduced to the maximum), a sign or fraction is not.
        if (value.Length == 0 || !value.All(char.IsAsciiDigit))
        {
            Error("_count", $"'{value}' is not a valid _count (expected a whole number from 0 to {max})", IssueType.Value);
            return;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > max)
        {
            Warning("_count", $"_count={value} is above this server's maximum page size; pages hold at most {max} resources");
            count = max;
        }
        _query.Count = count;
    }

    private void ParseSort(string value)
    {
        List<SortKey> keys = [];
        foreach (var item in value.Split(','))
        {
            var descending = item.StartsWith('-');
            var code = descending ? item[1..] : item;
            if (code.Length == 0)
            {
                Error("_sort", $"'{value}' is not a valid _sort (expected parameter names separated by commas, '-' before one for descending order)", IssueType.Value);
                return;
            }
            var parameter = SearchParameterCatalogue.Find(_query.ResourceType, code);
            if (parameter is null || parameter.Expression is null || parameter.Type is SearchParamType.Composite or SearchParamType.Special)
            {
                Unknown("_sort", parameter is null
                    ? $"cannot sort by '{code}': it is not a search parameter of {_query.ResourceType}"
                    : $"cannot sort by '{code}': sorting by a {parameter.Type.ToString().ToLowerInvariant()} parameter is not supported");
                continue;
            }
            keys.Add(new SortKey(parameter, descending));
        }
        _query.Sort = keys;
    }

    private void ParseInclude(string name, bool reverse, string? modifier, string value)
    {
        if (modifier is not (null or "iterate" or "recurse"))
        {
            Error(name, $"the modifier ':{modifier}' is not supported on {(reverse ? "_revinclude" : "_include")} (only :iterate)", IssueType.NotSupported);
            return;
        }
        var iterate = modifier is not null;
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            Error(name, $"'{value}' is not a valid {name} (expected SourceType:parameter or SourceType:parameter:TargetType)", IssueType.Value);
            return;
        }
        var (source, code, target) = (parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        if (!ReferenceText.IsResourceType(source) || (target is not null && !ReferenceText.IsResourceType(target)))
        {
            Error(name, $"'{value}' names an unknown resource type", IssueType.Value);
            return;
        }
        // Without :iterate an include starts from the matches, and a revinclude points at them.
        if (!iterate && !reverse && source != _query.ResourceType)
        {
            Error(name, $"_include={value} starts from {source}, but the search is for {_query.ResourceType} (use _include:iterate to follow included resources)", IssueType.Value);
            return;
        }
        if (!iterate && reverse && target is not null && target != _query.ResourceType)
        {
            Error(name, $"_revinclude={value} targets {target}, but the search is for {_query.ResourceType}", IssueType.Value);
            return;
        }
        List<SearchParameterDefinition> parameters;
        if (code == "*")
        {
            parameters = [.. SearchParameterCatalogue.ForResource(source).Values.Where(p => p.Type == SearchParamType.Reference && p.Expression is not null)];
        }
        else if (SearchParameterCatalogue.Find(source, code) is { Type: SearchParamType.Reference, Expression: not null } parameter)
        {
            if (target is not null && parameter.Targets.Count > 0 && !parameter.Targets.Contains(target))
            {
                Error(name, $"{source}:{code} cannot refer to a {target}", IssueType.Value);
                return;
            }
            parameters = [parameter];
        }
        else
        {
            Unknown(name, $"'{code}' is not a reference search parameter of {source}");
            return;
        }
        (reverse ? _revIncludes : _includes).Add(new IncludeParameter(source, code, target, iterate, parameters));
        _query.Includes = _includes;
        _query.RevIncludes = _revIncludes;
    }

    private void ParseElements(string value)
    {
        var type = ModelInfo.FindType(_query.ResourceType)!;
        _elements ??= [];
        foreach (var element in value.Split(','))
        {
            var trimmed = element.Trim();
            if (trimmed.Length == 0) continue;
            if (type.FindElement(trimmed) is null) Unknown("_elements", $"'{trimmed}' is not an element of {_query.ResourceType}");
            else if (!_elements.Contains(trimmed)) _elements.Add(trimmed);
        }
        _query.Elements = _elements;
    }

    private void ParseSummary(string value)
    {
        SummaryMode? mode = value switch
        {
            "true" => SummaryMode.True,
            "false" => SummaryMode.False,
            "text" => SummaryMode.Text,
            "data" => SummaryMode.Data,
            "count" => SummaryMode.Count,
            _ => null,
        };
        if (mode is null) Error("_summary", $"'{value}' is not a valid _summary (expected true, false, text, data or count)", IssueType.Value);
        _query.Summary = mode;
    }

    private void ParseTotal(string value)
    {
        TotalMode? mode = value switch
        {
            "none" => TotalMode.None,
            "estimate" => TotalMode.Estimate,
            "accurate" => TotalMode.Accurate,
            _ => null,
        };
        if (mode is null) Error("_total", $"'{value}' is not a valid _total (expected none, estimate or accurate)", IssueType.Value);
        _query.Total = mode;
    }
}
