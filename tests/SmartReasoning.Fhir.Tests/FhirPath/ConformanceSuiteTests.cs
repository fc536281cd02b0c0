using SmartReasoning.Fhir.FhirPath.Conformance;

namespace SmartReasoning.Fhir.Tests.FhirPath;

/// <summary>The official FHIRPath R4 suite (../shared/conformance/fhirpath), when present.</summary>
public class ConformanceSuiteTests
{
    private static string SuiteFolder => Path.GetFullPath(Path.Combine(TestData.RepositoryRoot, "..", "shared", "conformance", "fhirpath"));

    /// <summary>Tests known not to pass, each with its reason: tests/SmartReasoning.Fhir.Tests/FhirPath/fhirpath-known-failures.txt.</summary>
    private static Dictionary<string, string> KnownFailures() =>
        File.ReadAllLines(Path.Combine(TestData.RepositoryRoot, "tests", "SmartReasoning.Fhir.Tests", "FhirPath", "fhirpath-known-failures.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);

    [Fact]
    public void Official_R4_suite_passes_except_the_listed_known_failures()
    {
        Assert.SkipUnless(Directory.Exists(SuiteFolder), "../shared/conformance/fhirpath is absent, so the official FHIRPath suite was skipped");
        var known = KnownFailures();
        var results = new FhirPathTestSuite(Path.Combine(SuiteFolder, "tests-fhir-r4.xml"), Path.Combine(SuiteFolder, "inputs-json")).Run().ToList();

        var passed = results.Count(r => r.Outcome == FhirPathTestOutcome.Passed);
        var failed = results.Where(r => r.Outcome == FhirPathTestOutcome.Failed).ToList();
        var skipped = results.Count(r => r.Outcome == FhirPathTestOutcome.Skipped);
        TestContext.Current.SendDiagnosticMessage($"FHIRPath R4 suite: {passed} passed, {failed.Count} failed, {skipped} skipped");

        Assert.True(results.Count >= 900, $"only {results.Count} tests ran");
        var unexpected = failed.Where(f => !known.ContainsKey(f.Name)).ToList();
        Assert.True(unexpected.Count == 0,
            $"{unexpected.Count} tests fail that are not listed as known failures:\n" +
            string.Join("\n", unexpected.Take(30).Select(f => $"{f.Name}: {f.Expression} -- {f.Reason}")));
        var nowPassing = known.Keys.Where(k => results.Any(r => r.Name == k && r.Outcome == FhirPathTestOutcome.Passed)).ToList();
        Assert.True(nowPassing.Count == 0, $"remove from the known failures, they pass now: {string.Join(", ", nowPassing)}");
    }
}
