using System.Text;
using System.Text.Json.Nodes;

namespace SmartReasoning.Tools.FhirModelGenerator;

/// <summary>One search parameter as the generated catalogue holds it.</summary>
internal sealed record SearchParameterModel(
    string Code, string Url, string Type, IReadOnlyList<string> Bases, string? Expression,
    IReadOnlyList<string> Targets, IReadOnlyList<(string Definition, string Expression)> Components);

/// <summary>Writes the search-parameter catalogue: the SearchParameters of the package as static data.</summary>
internal static class SearchParameterEmitter
{
    /// <summary>
    /// Chooses the parameters to keep. Every SearchParameter of hl7.fhir.r4.examples@4.0.1 has an
    /// http://hl7.org/fhir/SearchParameter/ url and status "draft", core ones included, so neither tells the core
    /// parameters from the rest. What does is <c>experimental</c>: it is true exactly for the package's examples
    /// (SearchParameter/example, example-reference, example-extension) and for the parameters on extensions
    /// (patient-extensions-Patient-age, the genetics ones, ...), which a generic server cannot index from the core
    /// model; some of them have no base or no expression, and two redefine core (base, code) pairs
    /// (Condition.subject, Resource._id). Dropping them keeps the 1,376 core parameters. Should a later package
    /// still define one (base, code) twice, the first in file-name order keeps that base.
    /// </summary>
    public static IReadOnlyList<SearchParameterModel> Select(IEnumerable<JsonObject> searchParameters)
    {
        HashSet<(string Base, string Code)> seen = [];
        List<SearchParameterModel> kept = [];
        foreach (var sp in searchParameters)
        {
            if (sp.Bool("experimental")) continue;
            var code = sp.Str("code");
            var url = sp.Str("url");
            var type = sp.Str("type");
            if (code is null || url is null || type is null) continue;
            var bases = Strings(sp, "base").Where(b => seen.Add((b, code))).ToList();
            if (bases.Count == 0) continue;
            var components = sp.Objects("component")
                .Select(c => (Definition: c.Str("definition") ?? "", Expression: c.Str("expression") ?? ""))
                .ToList();
            kept.Add(new SearchParameterModel(code, url, type, bases, sp.Str("expression"), Strings(sp, "target").ToList(), components));
        }
        return kept;
    }

    public static string EmitParameters(IReadOnlyList<SearchParameterModel> parameters)
    {
        var sb = new StringBuilder(CSharpEmitter.Header("the SearchParameters"));
        sb.Append("public static partial class SearchParameterCatalogue\n{\n");
        sb.Append("    private static partial SearchParameterDefinition[] Build() =>\n    [\n");
        foreach (var p in parameters)
        {
            var components = string.Join(", ", p.Components.Select(c => $"new({CSharpEmitter.Str(c.Definition)}, {CSharpEmitter.Str(c.Expression)})"));
            sb.Append($"        new({CSharpEmitter.Str(p.Code)}, {CSharpEmitter.Str(p.Url)}, SearchParamType.{TypeModelBuilder.Pascal(p.Type)},\n");
            sb.Append($"            {List(p.Bases)}, {CSharpEmitter.Str(p.Expression)},\n");
            sb.Append($"            {List(p.Targets)}, [{components}]),\n");
        }
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }


    private static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(CSharpEmitter.Str)) + "]";

    private static IEnumerable<string> Strings(JsonObject node, string name) =>
        node[name] is JsonArray a ? a.OfType<JsonValue>().Select(v => v.GetValue<string>()) : [];
}
