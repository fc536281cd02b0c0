using System.Text.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>
/// Our published profiles (fhir-profiles/): each example validates against its profile, and each deliberately broken
/// instance of fhir-profiles/tests/manifest.json fails with the expected error at the expected location.
/// </summary>
public sealed class FhirProfilesTests
{
    private static string Profiles => Path.Combine(TestData.RepositoryRoot, "fhir-profiles");

    private static FhirValidator Validator(params string[] profiles) => new(
        ConformanceResources.Core(TestData.RequireExamplesPackage()).With([Profiles, Path.Combine(Profiles, "external")]),
        new ValidationOptions { Profiles = profiles, ResolveReferences = true });

    public static TheoryData<string> Examples() => [.. Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "fhir-profiles", "examples"), "*.json").Select(f => Path.GetFileName(f)!).Order()];

    public static TheoryData<string> BrokenInstances()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestData.RepositoryRoot, "fhir-profiles", "tests", "manifest.json")));
        return [.. manifest.RootElement.EnumerateArray().Select(c => c.GetProperty("file").GetString()!)];
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_conforms_to_the_profile_it_claims(string file)
    {
        var json = File.ReadAllText(Path.Combine(Profiles, "examples", file));
        using var document = JsonDocument.Parse(json);
        var claimed = document.RootElement.GetProperty("meta").GetProperty("profile")[0].GetString()!;
        Assert.StartsWith("https://smartreasoning.dev/fhir/StructureDefinition/", claimed, StringComparison.Ordinal);

        ValidatorTestKit.AssertValid(Validator().Validate(json));
    }

    [Theory]
    [MemberData(nameof(BrokenInstances))]
    public void Each_broken_instance_fails_with_the_expected_error_at_its_location(string file)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Profiles, "tests", "manifest.json")));
        var testCase = manifest.RootElement.EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        Assert.SkipWhen(testCase.TryGetProperty("knownGap", out var gap), $"{file}: {gap}");
        var profile = testCase.GetProperty("profile").GetString();

        var result = Validator(profile is null ? [] : [profile]).Validate(File.ReadAllText(Path.Combine(Profiles, "tests", file)));

        Assert.False(result.IsValid, $"{file} validated without errors");
        foreach (var expected in testCase.GetProperty("expectedErrors").EnumerateArray())
        {
            var type = Enum.Parse<IssueType>(expected.GetProperty("code").GetString()!.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
            ValidatorTestKit.AssertError(result, expected.GetProperty("location").GetString()!, type);
        }
    }
}
