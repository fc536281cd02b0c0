using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>An expected error of a suite case.</summary>
public sealed record ExpectedError(string? Severity, string? Code, string? Location, string? Message);

/// <summary>One case of a validator test suite (the format of the shared conformance manifest.json).</summary>
public sealed record SuiteCase(
    string Name, string Module, string File, IReadOnlyList<string> Supporting, string? Profile, IReadOnlyList<string> ProfileSupporting,
    int? ExpectedErrorCount, IReadOnlyList<ExpectedError> ExpectedErrors, int? ProfileExpectedErrorCount,
    IReadOnlyList<ExpectedError> ProfileExpectedErrors, bool TxServerIssues, JsonElement? Options);

/// <summary>What one step (base or profile) of a case gave.</summary>
public sealed record StepResult(int ExpectedErrors, IReadOnlyList<ValidationIssue> Errors, bool VerdictMatches, bool LocationsMatch);

/// <summary>What a case gave: skipped (with why), or its base step and, when it has a profile, its profile step.</summary>
public sealed record CaseResult(SuiteCase Case, string? SkipReason, StepResult? Base, StepResult? Profile)
{
    public bool Skipped => SkipReason is not null;
    public bool Matches => !Skipped && Base!.VerdictMatches && (Profile?.VerdictMatches ?? true);
    public bool LocationsMatch => Matches && Base!.LocationsMatch && (Profile?.LocationsMatch ?? true);
}

/// <summary>
/// Runs a suite: for each case, the base step (supporting files loaded, the file validated against core R4) and,
/// when the case names a profile, the profile step (profile and its supporting files loaded too, the file validated
/// against that profile), each compared with the expected errors: same verdict (valid or not), and whether
/// every expected error location was reported. Cases whose expectations come from a terminology server are skipped.
/// </summary>
public sealed class ValidationSuite(ConformanceResources core)
{
    /// <summary>Cases that expect code-invalid errors only a terminology server finds, though not tagged txServerIssues (see the suite's README).</summary>
    public static IReadOnlyList<string> TerminologyDependent { get; } = ["synthea", "bb-obs-value-is-not-in-valueset", "additional-bindings-observation-2"];

    public static IReadOnlyList<SuiteCase> Load(string manifestPath)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(manifestPath));
        var cases = new List<SuiteCase>();
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            cases.Add(new SuiteCase(
                c.Str("name") ?? "?", c.Str("module") ?? "", c.Str("file") ?? "", c.StrList("supporting"), c.Str("profile"), c.StrList("profileSupporting"),
                c.TryGetProperty("expectedErrorCount", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : null, Errors(c, "expectedErrors"),
                c.TryGetProperty("profileExpectedErrorCount", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null, Errors(c, "profileExpectedErrors"),
                c.TryGetProperty("txServerIssues", out var tx) && tx.ValueKind == JsonValueKind.True,
                c.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object ? o.Clone() : null));
        }
        return cases;
    }

    private static List<ExpectedError> Errors(JsonElement c, string name)
    {
        var list = new List<ExpectedError>();
        if (c.TryGetProperty(name, out var errors) && errors.ValueKind == JsonValueKind.Array)
            foreach (var e in errors.EnumerateArray())
                list.Add(new ExpectedError(e.Str("severity"), e.Str("code"), e.Str("location"), e.Str("message")));
        return list;
    }

    public IEnumerable<CaseResult> Run(string manifestPath)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, "cases");
        foreach (var c in Load(manifestPath)) yield return RunCase(c, folder);
    }

    public CaseResult RunCase(SuiteCase c, string casesFolder)
    {
        if (c.TxServerIssues) return new CaseResult(c, "expects issues from a terminology server (txServerIssues)", null, null);
        if (TerminologyDependent.Contains(c.Name)) return new CaseResult(c, "expects code-invalid errors that need a terminology server", null, null);
        var options = OptionsFor(c.Options);
        var input = System.IO.File.ReadAllBytes(Path.Combine(casesFolder, c.File));
        var baseResources = core.With(c.Supporting.Select(s => Path.Combine(casesFolder, s)));
        var baseStep = Step(new FhirValidator(baseResources, options).Validate(input), c.ExpectedErrorCount ?? 0, c.ExpectedErrors);
        StepResult? profileStep = null;
        if (c.Profile is { } profile)
        {
            var profileResources = baseResources.With(c.ProfileSupporting.Append(profile).Select(s => Path.Combine(casesFolder, s)));
            var profileUrl = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(casesFolder, profile))).RootElement.Str("url") ?? "";
            var validator = new FhirValidator(profileResources, options with { Profiles = [profileUrl] });
            profileStep = Step(validator.Validate(input), c.ProfileExpectedErrorCount ?? 0, c.ProfileExpectedErrors);
        }
        return new CaseResult(c, null, baseStep, profileStep);
    }

    private static StepResult Step(ValidationResult result, int expectedCount, IReadOnlyList<ExpectedError> expected)
    {
        var errors = result.Errors.ToList();
        var expectedLocations = expected.Where(e => e.Severity is "error" or "fatal").Select(e => e.Location ?? "").ToList();
        var locations = errors.Select(e => e.Location).ToHashSet(StringComparer.Ordinal);
        var locationsMatch = expectedLocations.All(l => locations.Contains(l) || l is "None" && locations.Contains(""));
        return new StepResult(expectedCount, errors, (expectedCount > 0) == (errors.Count > 0), locationsMatch);
    }

    private static ValidationOptions OptionsFor(JsonElement? options)
    {
        var result = ValidationOptions.Default;
        if (options is not { } o) return result;
        if (o.TryGetProperty("examples", out var ex) && ex.ValueKind == JsonValueKind.False) result = result with { AllowExampleUrls = false };
        if (o.Str("allowed-extension-domain") is { } domain) result = result with { AllowedExtensionDomains = [domain] };
        if (o.Str("validateReference") is "CHECK_EXISTS" or "CHECK_EXISTS_AND_TYPE" or "CHECK_VALID") result = result with { ResolveReferences = true };
        if (o.Str("validateContains") == "IGNORE") result = result with { ValidateContained = false };
        if (o.TryGetProperty("noHtmlInMarkdown", out var md) && md.ValueKind == JsonValueKind.True) result = result with { NoHtmlInMarkdown = true };
        return result;
    }
}
