using System.Globalization;
using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Reason;

/// <summary>A finding a scenario expects: its kind code and severity.</summary>
public sealed record ExpectedFinding(string Kind, Severity Severity)
{
    public bool IsMetBy(Finding finding) => finding.Kind.Code == Kind && finding.Severity == Severity;

    public override string ToString() => $"{Kind} ({Severity.Code()})";
}

/// <summary>
/// One patient of the scenario library (<c>scenarios/reasoning/&lt;name&gt;/</c>): <c>patient.json</c> (a Bundle),
/// optional draft orders, and <c>expected.json</c> naming the date, the hook and every finding a careful clinician
/// would raise. A scenario expecting nothing is a negative case: any finding on it is unexpected.
/// </summary>
public sealed record ReasoningScenario(string Name, string Description, ReasoningRequest Request, IReadOnlyList<ExpectedFinding> Expected)
{
    public const string ExpectationFile = "expected.json";
    public const string PatientFile = "patient.json";

    /// <summary>Every scenario under <paramref name="library"/> (each folder holding an expected.json), by name.</summary>
    public static IReadOnlyList<ReasoningScenario> LoadLibrary(string library) =>
    [
        .. Directory.GetDirectories(library)
            .Where(folder => File.Exists(Path.Combine(folder, ExpectationFile)))
            .Order(StringComparer.Ordinal)
            .Select(Load),
    ];

    /// <exception cref="InvalidDataException">A file of the scenario is missing or malformed; the message says which.</exception>
    public static ReasoningScenario Load(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        try
        {
            using var expectation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, ExpectationFile)));
            var root = expectation.RootElement;
            var asOf = DateTimeOffset.Parse(Required(root, "asOf").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var drafts = root.TryGetProperty("orders", out var orders)
                ? orders.EnumerateArray().Select(o => DraftOrder.From(Read<MedicationRequest>(Path.Combine(folder, o.GetString()!)))).ToList()
                : [];
            var hook = Required(root, "trigger").GetString()!;
            var trigger = ReasoningTrigger.ForHook(hook, drafts) ?? throw new InvalidDataException($"unknown trigger '{hook}'");
            var expected = Required(root, "findings").EnumerateArray()
                .Select(f => new ExpectedFinding(Required(f, "kind").GetString()!, ParseSeverity(Required(f, "severity").GetString()!)))
                .ToList();
            var request = ReasoningRequest.ForRecord(Read<Bundle>(Path.Combine(folder, PatientFile)), trigger, asOf);
            return new ReasoningScenario(name, root.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "", request, expected);
        }
        catch (Exception e) when (e is JsonException or IOException or FormatException or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"scenario {name}: {e.Message}", e);
        }
    }

    private static Severity ParseSeverity(string code) =>
        SeverityCodes.Parse(code) ?? throw new InvalidDataException($"severity must be info, warning or critical, not '{code}'");

    private static JsonElement Required(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value : throw new InvalidDataException($"{ExpectationFile} lacks \"{property}\"");

    private static T Read<T>(string file) where T : Resource
    {
        var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(File.ReadAllBytes(file));
        return parsed.Value as T
            ?? throw new InvalidDataException($"{Path.GetFileName(file)} is not a {typeof(T).Name}: {string.Join("; ", parsed.Issues.Take(3))}");
    }
}

/// <summary>What a reasoner raised on one scenario against what it expects.</summary>
public sealed record ScenarioOutcome(ReasoningScenario Scenario, IReadOnlyList<Finding> Found, IReadOnlyList<ExpectedFinding> Missed, IReadOnlyList<Finding> Unexpected)
{
    public bool Passed => Missed.Count == 0 && Unexpected.Count == 0;
}

/// <summary>
/// A reasoner scored over the scenario library. Sensitivity: the share of expected findings raised; precision: the
/// share of raised findings that were expected (a finding matches on kind and severity, each expectation once).
/// </summary>
public sealed record ScenarioReport(IReadOnlyList<ScenarioOutcome> Outcomes)
{
    public int ExpectedCount => Outcomes.Sum(o => o.Scenario.Expected.Count);
    public int FoundCount => Outcomes.Sum(o => o.Found.Count);
    public int MatchedCount => ExpectedCount - Outcomes.Sum(o => o.Missed.Count);
    public int UnexpectedCriticalCount => Outcomes.Sum(o => o.Unexpected.Count(f => f.Severity == Severity.Critical));

    public double Sensitivity => ExpectedCount == 0 ? 1 : (double)MatchedCount / ExpectedCount;
    public double Precision => FoundCount == 0 ? 1 : (double)(FoundCount - Outcomes.Sum(o => o.Unexpected.Count)) / FoundCount;

    public static async Task<ScenarioReport> RunAsync(IReasoner reasoner, IEnumerable<ReasoningScenario> scenarios, CancellationToken ct)
    {
        var outcomes = new List<ScenarioOutcome>();
        foreach (var scenario in scenarios)
        {
            var found = (await reasoner.ReasonAsync(scenario.Request, ct)).Findings;
            var unmatched = found.ToList();
            var missed = new List<ExpectedFinding>();
            foreach (var expected in scenario.Expected)
            {
                var match = unmatched.FindIndex(expected.IsMetBy);
                if (match < 0) missed.Add(expected);
                else unmatched.RemoveAt(match);
            }
            outcomes.Add(new ScenarioOutcome(scenario, found, missed, unmatched));
        }
        return new ScenarioReport(outcomes);
    }
}
