using System.Xml.Linq;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath.Conformance;

public enum FhirPathTestOutcome { Passed, Failed, Skipped }

public sealed record FhirPathTestResult(string Group, string Name, string Expression, FhirPathTestOutcome Outcome, string? Reason);

/// <summary>
/// Runs a FHIRPath test suite in the official XML format (the one of HL7's fhir-test-cases): each test names an
/// input resource, an expression (maybe marked invalid at the syntax, semantic or execution stage) and the expected
/// output collection. An <c>.xml</c> input file is read from the <c>.json</c> file of the same name.
/// </summary>
public sealed class FhirPathTestSuite(string suiteFile, string inputsFolder)
{
    private readonly FhirPathCompiler _compiler = new();
    private readonly Dictionary<string, Resource?> _inputs = new(StringComparer.Ordinal);
    private readonly FhirJsonParser _parser = new(FhirJsonParserOptions.Lenient);

    public IEnumerable<FhirPathTestResult> Run(Func<string, bool>? include = null)
    {
        var document = XDocument.Load(suiteFile);
        foreach (var group in document.Root!.Elements("group"))
        {
            foreach (var test in group.Elements("test"))
            {
                var name = (string?)test.Attribute("name") ?? "";
                if (include is not null && !include(name)) continue;
                yield return RunTest((string?)group.Attribute("name") ?? "", test);
            }
        }
    }

    private FhirPathTestResult RunTest(string group, XElement test)
    {
        var name = (string?)test.Attribute("name") ?? "";
        var expressionElement = test.Element("expression")!;
        var expression = expressionElement.Value;
        var invalid = (string?)expressionElement.Attribute("invalid");
        var predicate = (string?)test.Attribute("predicate") == "true";
        var ordered = (string?)test.Attribute("ordered") != "false";
        FhirPathTestResult Result(FhirPathTestOutcome outcome, string? reason = null) => new(group, name, expression, outcome, reason);

        Resource? input = null;
        if ((string?)test.Attribute("inputfile") is { } inputFile)
        {
            input = LoadInput(inputFile);
            if (input is null) return Result(FhirPathTestOutcome.Skipped, $"input {inputFile} is not available");
        }

        FhirPathExpression compiled;
        try
        {
            // With an input, the expression is checked against its type first, as the suite's semantic tests expect.
            compiled = input is null ? _compiler.Compile(expression) : _compiler.Compile(expression, input.TypeInfo);
        }
        catch (FhirPathCompileException ex)
        {
            return invalid switch
            {
                "syntax" or "semantic" or "true" => Result(FhirPathTestOutcome.Passed),
                "execution" => Result(FhirPathTestOutcome.Passed, $"failed at compilation, earlier than execution: {ex.Message}"),
                _ => Result(FhirPathTestOutcome.Failed, $"compile error: {ex.Message}"),
            };
        }
        if (invalid is "syntax") return Result(FhirPathTestOutcome.Failed, "expected a syntax error, but it compiled");

        IReadOnlyList<object> result;
        try
        {
            var environment = new FhirPathEnvironment { Resource = input, RootResource = input };
            result = compiled.Evaluate(input, environment);
            // A predicate test asks whether the result exists (and is not the single value false).
            if (predicate) result = [result.Count > 0 && !(result.Count == 1 && SystemValues.Of(result[0]) is false)];
        }
        catch (FhirPathEvaluationException ex)
        {
            return invalid is not null
                ? Result(FhirPathTestOutcome.Passed, invalid == "semantic" ? "failed at execution rather than compilation" : null)
                : Result(FhirPathTestOutcome.Failed, $"evaluation error: {ex.Message}");
        }
        if (invalid is not null) return Result(FhirPathTestOutcome.Failed, $"expected a {invalid} error, but got {Describe(result)}");

        var expected = test.Elements("output").Select(o => ((string?)o.Attribute("type") ?? "", o.Value)).ToList();
        return Matches(expected, result, ordered)
            ? Result(FhirPathTestOutcome.Passed)
            : Result(FhirPathTestOutcome.Failed, $"expected [{string.Join(", ", expected.Select(e => $"{e.Item1} {e.Value}"))}], got {Describe(result)}");
    }

    private static bool Matches(List<(string Type, string Value)> expected, IReadOnlyList<object> actual, bool ordered)
    {
        if (expected.Count != actual.Count) return false;
        var remaining = actual.ToList();
        foreach (var (type, value) in expected)
        {
            var index = ordered ? 0 : remaining.FindIndex(a => ItemMatches(type, value, a));
            if (index < 0 || !ItemMatches(type, value, remaining[index])) return false;
            remaining.RemoveAt(index);
        }
        return true;
    }

    private static bool ItemMatches(string type, string value, object item)
    {
        var actualType = FhirPathResults.TypeName(item);
        var typeOk = type.Length == 0 || string.Equals(type, actualType, StringComparison.OrdinalIgnoreCase)
            || (item is PrimitiveType && SystemValues.Of(item) is { } v && string.Equals(type, FhirPathResults.TypeName(v), StringComparison.OrdinalIgnoreCase));
        if (!typeOk) return false;
        var text = FhirPathResults.ValueText(item);
        if (text is null) return value.Length == 0;
        if (text == value) return true;
        // Numbers compare by value (the suite writes 1.0 as 1 in places); dates by their text without '@'.
        return SystemValues.Of(item) is decimal d && decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var e) && d == e;
    }

    private static string Describe(IReadOnlyList<object> result) =>
        "[" + string.Join(", ", result.Select(r => $"{FhirPathResults.TypeName(r)} {FhirPathResults.ValueText(r)}")) + "]";

    private Resource? LoadInput(string inputFile)
    {
        if (_inputs.TryGetValue(inputFile, out var cached)) return cached;
        var path = Path.Combine(inputsFolder, inputFile);
        if (!File.Exists(path) && Path.GetExtension(path) == ".xml") path = Path.ChangeExtension(path, ".json");
        Resource? resource = null;
        if (File.Exists(path) && Path.GetExtension(path) == ".json") resource = _parser.Parse(File.ReadAllBytes(path)).Value;
        _inputs[inputFile] = resource;
        return resource;
    }
}
