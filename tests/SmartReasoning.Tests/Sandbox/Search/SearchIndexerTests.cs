using System.Diagnostics;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Search;
using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;

namespace SmartReasoning.Tests.Sandbox.Search;

public class SearchIndexerTests
{
    private static ResourceIndex Observation(string id) => Observations.Single(o => o.Id == id);
    private static ResourceIndex Patient(string id) => Patients.Single(o => o.Id == id);

    [Fact]
    public void Codings_are_indexed_with_system_code_and_normalized_display_and_text()
    {
        var code = Observation("o1").Values["code"];
        Assert.Contains(code, v => v.System == Loinc && v.Code == "2339-0" && v.Text == "glucose mass volume in blood");
        Assert.Contains(code, v => v.Code is null && v.Text == "blood glucose");
    }

    [Fact]
    public void Codes_bound_to_a_known_value_set_carry_its_code_system()
    {
        var gender = Assert.Single(Patient("p1").Values["gender"]);
        Assert.Equal(("http://hl7.org/fhir/administrative-gender", "male"), (gender.System, gender.Code));
    }

    [Fact]
    public void Identifiers_contact_points_and_booleans_are_tokens()
    {
        var p1 = Patient("p1");
        Assert.Contains(p1.Values["identifier"], v => v.System == "http://hospital.example/mrn" && v.Code == "MRN-1" && v.Text == "medical record number");
        Assert.Contains(p1.Values["phone"], v => v.Code == "555-1234");
        Assert.Equal("true", Assert.Single(p1.Values["active"]).Code);
        Assert.Equal("false", Assert.Single(p1.Values["deceased"]).Code);
        Assert.Equal("true", Assert.Single(Patient("p2").Values["deceased"]).Code);
    }

    [Fact]
    public void Resolve_tells_a_patient_subject_from_a_group_without_a_store()
    {
        Assert.Equal("Patient/p1", Assert.Single(Observation("o1").Values["patient"]).Text);
        Assert.False(Observation("o3").Values.ContainsKey("patient"));
        Assert.Equal("Group/g1", Assert.Single(Observation("o3").Values["subject"]).Text);
    }

    [Fact]
    public void Absolute_references_are_indexed_as_type_and_id()
    {
        Assert.Equal("Organization/org1", Assert.Single(Patient("p1").Values["organization"]).Text);
    }

    [Fact]
    public void Dates_cover_their_whole_precision_and_periods_their_span()
    {
        var year = Assert.Single(Patient("p2").Values["birthdate"]).Period!.Value;
        Assert.Equal(new DateTimeOffset(1985, 1, 1, 0, 0, 0, TimeSpan.Zero), year.Low);
        Assert.Equal(new DateTimeOffset(1986, 1, 1, 0, 0, 0, TimeSpan.Zero), year.High);

        var period = Assert.Single(Observation("o2").Values["date"]).Period!.Value;
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), period.Low);
        Assert.Equal(new DateTimeOffset(2021, 2, 1, 0, 0, 0, TimeSpan.Zero), period.High);

        var offset = Assert.Single(Observation("o5").Values["date"]).Period!.Value;
        Assert.Equal(new DateTimeOffset(2023, 2, 1, 6, 0, 0, TimeSpan.Zero), offset.Low);
        Assert.Equal(TimeSpan.FromSeconds(1), offset.High - offset.Low);
    }

    [Fact]
    public void Names_and_addresses_are_indexed_part_by_part_normalized_and_as_written()
    {
        var name = Patient("p1").Values["name"];
        Assert.Equal(["muller", "hans", "peter"], name.Select(v => v.Text));
        Assert.Equal(["Müller", "Hans", "Peter"], name.Select(v => v.Exact));
        Assert.Contains(Patient("p1").Values["address"], v => v.Text == "zurich");
    }

    [Fact]
    public void Quantities_keep_value_system_code_and_unit()
    {
        var value = Assert.Single(Observation("o2").Values["value-quantity"]);
        Assert.Equal((72m, 72m, "http://unitsofmeasure.org", "/min", "beats/minute"), (value.Number, value.NumberHigh, value.System, value.Code, value.Unit));
    }

    [Fact]
    public void Id_and_last_updated_are_indexed()
    {
        var p1 = Patient("p1");
        Assert.Equal("p1", Assert.Single(p1.Values["_id"]).Code);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero), p1.LastUpdated);
        Assert.Equal(p1.LastUpdated, Assert.Single(p1.Values["_lastUpdated"]).Period!.Value.Low);
        Assert.Contains(p1.Values["_tag"], v => v.System == "http://example.org/tags" && v.Code == "vip");
    }

    [Fact]
    public void Keys_cover_tokens_with_and_without_system_references_and_id()
    {
        var keys = Observation("o1").Keys;
        Assert.Contains("code=http://loinc.org|2339-0", keys);
        Assert.Contains("code=2339-0", keys);
        Assert.Contains("code=http://loinc.org|", keys);
        Assert.Contains("status=final", keys);
        Assert.Contains("subject=Patient/p1", keys);
        Assert.Contains("patient=Patient/p1", keys);
        Assert.Contains("_id=o1", keys);
        Assert.Contains("active=|true", Patient("p1").Keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("date=", StringComparison.Ordinal));
    }

    [Fact]
    public void Composite_values_pair_each_component_code_with_its_own_value_only()
    {
        var pairs = Observation("o4").Values["component-code-value-quantity"];
        Assert.Equal(2, pairs.Count);
        Assert.Contains(pairs, v => v.Components![0].Code == "8480-6" && v.Components[1].Number == 120m);
        Assert.Contains(pairs, v => v.Components![0].Code == "8462-4" && v.Components[1].Number == 80m);
    }

    [Fact]
    public void A_parameter_without_values_is_absent_from_the_index()
    {
        Assert.False(Patient("p3").Values.ContainsKey("gender"));
        Assert.False(Observation("o4").Values.ContainsKey("value-quantity"));
        Assert.Empty(Patient("p3").Problems);
    }

    [Fact]
    public void Indexing_needs_an_id()
    {
        var patient = SearchFixture.Parse("""{"resourceType":"Patient","gender":"male"}""");
        Assert.Throws<ArgumentException>(() => SearchIndexer.Default.Index(patient));
    }

    [Fact]
    public void Every_example_of_the_R4_package_indexes_without_problems()
    {
        var package = Path.Combine(RepositoryRoot(), ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1");
        Assert.SkipUnless(File.Exists(Path.Combine(package, "package.json")), "the FHIR package is not in .cache/fhir: run tools/fetch-fhir-package.sh");
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        var resources = Directory.GetFiles(package, "*.json")
            .Where(f => !Path.GetFileName(f).StartsWith("package", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith('.'))
            .Select(f => parser.Parse(File.ReadAllBytes(f)).Value)
            .OfType<Resource>()
            .Where(r => !string.IsNullOrEmpty(r.Id))
            .ToList();
        Assert.True(resources.Count > 2_000, $"only {resources.Count} examples");

        var watch = Stopwatch.StartNew();
        var indexes = resources.Select(SearchIndexer.Default.Index).ToList();
        watch.Stop();

        var problems = indexes.SelectMany(i => i.Problems.Select(p => $"{i.ResourceType}/{i.Id}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.True(indexes.Sum(i => i.Values.Count) > 20_000, "too few values indexed");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"indexing took {watch.Elapsed}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartReasoning.sln"))) return dir.FullName;
        throw new InvalidOperationException("not inside the repository");
    }
}
