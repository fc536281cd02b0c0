using System.Collections.Concurrent;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// Computes a resource's <see cref="ResourceIndex"/> by evaluating the FHIRPath expression of every search parameter
/// that applies to its type (SearchParameterCatalogue, the R4 definitions) and converting what it finds by the
/// parameter's type. Each type's expressions are compiled once, on first use. Safe to share across threads.
/// </summary>
public sealed class SearchIndexer
{
    /// <summary>Most combinations one composite value may produce from one element (a guard against a cross product blowing up).</summary>
    public const int MaxCompositeCombinations = 100;

    private readonly ConcurrentDictionary<string, IndexedParameter[]> _byType = new(StringComparer.Ordinal);

    public static SearchIndexer Default { get; } = new();

    /// <summary>Indexes a resource, which must have an id. A parameter whose expression fails on it is left out and named in <see cref="ResourceIndex.Problems"/>.</summary>
    public ResourceIndex Index(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (string.IsNullOrEmpty(resource.Id)) throw new ArgumentException("A resource needs an id to be indexed.", nameof(resource));

        var type = resource.TypeInfo.Name;
        var environment = new FhirPathEnvironment
        {
            Resource = resource,
            RootResource = resource,
            ResolveReference = ReferenceText.ResolveToStub,
        };
        Dictionary<string, IReadOnlyList<SearchValue>> values = new(StringComparer.Ordinal);
        HashSet<string> keys = new(StringComparer.Ordinal);
        List<string>? problems = null;
        foreach (var parameter in _byType.GetOrAdd(type, Compile))
        {
            if (parameter.Problem is { } compileProblem)
            {
                (problems ??= []).Add(compileProblem);
                continue;
            }
            List<SearchValue> found = [];
            try
            {
                var items = parameter.Expression!.Evaluate(resource, environment);
                if (parameter.Components is { } components) AddComposites(items, components, environment, found);
                else SearchValueExtractor.Extract(parameter.Definition.Type, items, found);
            }
            catch (FhirPathEvaluationException ex)
            {
                (problems ??= []).Add($"{parameter.Definition.Code}: {ex.Message}");
                continue;
            }
            if (found.Count == 0) continue;
            values[parameter.Definition.Code] = found;
            AddKeys(parameter.Definition, found, keys);
        }

        return new ResourceIndex
        {
            ResourceType = type,
            Id = resource.Id,
            LastUpdated = DateRange.TryParse(resource.Meta?.LastUpdated?.Value, out var updated) ? updated.Low : null,
            Values = values,
            Keys = [.. keys],
            Problems = problems ?? [],
        };
    }

    private static void AddKeys(SearchParameterDefinition parameter, List<SearchValue> values, HashSet<string> keys)
    {
        var code = parameter.Code;
        foreach (var v in values)
        {
            switch (parameter.Type)
            {
                case SearchParamType.Token when v.Code is { } value:
                    keys.Add(IndexKeys.TokenCode(code, value));
                    keys.Add(IndexKeys.TokenWithSystem(code, v.System, value));
                    if (v.System is { } system) keys.Add(IndexKeys.TokenSystem(code, system));
                    break;
                case SearchParamType.Reference when v.Text is { } reference:
                    keys.Add(IndexKeys.Exact(code, reference));
                    // A canonical with a version is also found by its url alone.
                    if (reference.IndexOf('|', StringComparison.Ordinal) is var bar and > 0) keys.Add(IndexKeys.Exact(code, reference[..bar]));
                    break;
                case SearchParamType.Uri when v.Text is { } uri:
                    keys.Add(IndexKeys.Exact(code, uri));
                    break;
                default: break;
            }
        }
    }

    /// <summary>
    /// A composite's values: per element the expression finds (an Observation, a component), every combination of
    /// its components' values, each component found by its own expression relative to that element.
    /// </summary>
    private static void AddComposites(IReadOnlyList<object> items, CompiledComponent[] components, FhirPathEnvironment environment, List<SearchValue> output)
    {
        foreach (var item in items)
        {
            if (item is not Base element) continue;
            var perComponent = new List<SearchValue>[components.Length];
            for (var i = 0; i < components.Length; i++)
            {
                perComponent[i] = [];
                SearchValueExtractor.Extract(components[i].Type, components[i].Expression.Evaluate(element, environment), perComponent[i]);
            }
            List<SearchValue[]> combinations = [[]];
            foreach (var options in perComponent)
            {
                combinations = [.. combinations.SelectMany(c => options.Select(o => (SearchValue[])[.. c, o])).Take(MaxCompositeCombinations)];
            }
            foreach (var combination in combinations) output.Add(new SearchValue { Components = combination });
        }
    }

    private static IndexedParameter[] Compile(string resourceType)
    {
        List<IndexedParameter> compiled = [];
        foreach (var definition in SearchParameterCatalogue.ForResource(resourceType).Values)
        {
            // _text, _content, _query and _filter have no expression; near (special) needs geometry, not an index.
            if (definition.Expression is null || definition.Type == SearchParamType.Special) continue;
            try
            {
                var expression = FhirPathCompiler.Default.Compile(definition.Expression);
                CompiledComponent[]? components = null;
                if (definition.Type == SearchParamType.Composite)
                    components = [.. definition.Components.Select(c => new CompiledComponent(
                        SearchParameterCatalogue.FindByUrl(c.Definition)?.Type ?? throw new InvalidOperationException($"unknown component {c.Definition}"),
                        FhirPathCompiler.Default.Compile(c.Expression)))];
                compiled.Add(new IndexedParameter(definition, expression, components, null));
            }
            catch (Exception ex) when (ex is FhirPathCompileException or InvalidOperationException)
            {
                compiled.Add(new IndexedParameter(definition, null, null, $"{definition.Code}: the expression does not compile: {ex.Message}"));
            }
        }
        return [.. compiled];
    }

    private sealed record IndexedParameter(SearchParameterDefinition Definition, FhirPathExpression? Expression, CompiledComponent[]? Components, string? Problem);

    private sealed record CompiledComponent(SearchParamType Type, FhirPathExpression Expression);
}
