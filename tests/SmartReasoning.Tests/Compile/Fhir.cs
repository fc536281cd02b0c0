using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Tests.Compile;

/// <summary>Small FHIR resources written as JSON for the compiler tests.</summary>
internal static class Fhir
{
    public static readonly DateTimeOffset AsOf = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Resource Parse(string json)
    {
        var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(json);
        return parsed.Value ?? throw new InvalidOperationException(string.Join("; ", parsed.Issues));
    }

    public static List<Resource> Parse(params string[] json) => [.. json.Select(Parse)];

    public static string Quantity(string id, string loinc, string date, double value, string unit, string status = "final", string category = "laboratory", string extra = "") =>
        $$"""
        {"resourceType":"Observation","id":"{{id}}","status":"{{status}}",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"{{category}}"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"{{loinc}}","display":"Analyte {{loinc}}"}]},
         "effectiveDateTime":"{{date}}",
         "valueQuantity":{"value":{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"unit":"{{unit}}"}{{extra}}}
        """;

    /// <summary>Every reference ("Type/id") of the resources.</summary>
    public static HashSet<string> References(IEnumerable<Resource> resources) =>
        [.. resources.Where(r => r.Id is not null).Select(r => $"{r.TypeInfo.Name}/{r.Id}")];
}
