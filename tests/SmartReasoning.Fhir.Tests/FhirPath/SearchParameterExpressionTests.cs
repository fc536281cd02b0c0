using System.Text.Json;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Tests.FhirPath;

/// <summary>The sandbox will index search parameters by these expressions: every one must compile and run on real data.</summary>
public class SearchParameterExpressionTests
{
    [Fact]
    public void Every_R4_search_parameter_expression_compiles_and_evaluates_on_every_example_of_its_base_types()
    {
        var package = TestData.RequireExamplesPackage();
        var parameters = Directory.GetFiles(package, "SearchParameter-*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement)
            .Where(sp => sp.TryGetProperty("expression", out _))
            .Select(sp => (Expression: sp.GetProperty("expression").GetString()!, Bases: sp.GetProperty("base").EnumerateArray().Select(b => b.GetString()!).ToList()))
            .ToList();
        Assert.True(parameters.Count >= 1_380, $"only {parameters.Count} search parameters with expressions");

        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        var examplesByType = FhirRoundTrip.FindJsonFiles(package)
            .Select(f => parser.Parse(File.ReadAllBytes(f)).Value)
            .OfType<Resource>()
            .GroupBy(r => r.TypeInfo.Name)
            .ToDictionary(g => g.Key, g => g.ToList());

        var compiler = new FhirPathCompiler();
        List<string> failures = [];
        var evaluations = 0;
        foreach (var (expression, bases) in parameters)
        {
            FhirPathExpression compiled;
            try { compiled = compiler.Compile(expression); }
            catch (FhirPathCompileException ex)
            {
                failures.Add($"compile: {expression}: {ex.Message}");
                continue;
            }
            foreach (var resource in bases.SelectMany(b => b == "Resource" || b == "DomainResource" ? examplesByType.Values.SelectMany(v => v) : examplesByType.GetValueOrDefault(b) ?? []))
            {
                evaluations++;
                try { compiled.Evaluate(resource, new FhirPathEnvironment { Resource = resource, RootResource = resource }); }
                catch (FhirPathEvaluationException ex) { failures.Add($"evaluate on {resource.TypeInfo.Name}/{resource.Id}: {expression}: {ex.Message}"); }
            }
        }

        Assert.True(evaluations > 10_000, $"only {evaluations} evaluations");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures.Take(20))}");
    }
}
