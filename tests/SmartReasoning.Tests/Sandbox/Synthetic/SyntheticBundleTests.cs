using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Sandbox.Synthetic;

/// <summary>What every generated bundle must be: valid R4 JSON, a well-formed transaction, coded as EHRs code.</summary>
public sealed class SyntheticBundleTests
{
    public static TheoryData<Archetype> Archetypes => new(Enum.GetValues<Archetype>());

    [Fact]
    public void Generate_returns_one_bundle_per_archetype_in_order()
    {
        var cohort = SyntheticCohort.Generate();
        Assert.Equal(Enum.GetValues<Archetype>(), cohort.Select(b => SyntheticCohort.ArchetypeOf(b)!.Value));
        Assert.True(Enum.GetValues<Archetype>().Length >= 12);
    }

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void Bundle_round_trips_through_the_strict_parser(Archetype archetype) => AssertRoundTrips(Cohort.Of(archetype));

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void Bundle_is_a_transaction_of_puts_with_uuid_full_urls(Archetype archetype) => AssertTransaction(Cohort.Of(archetype));

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void Every_reference_resolves_to_an_entry_of_the_bundle(Archetype archetype) => AssertReferencesResolve(Cohort.Of(archetype));

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void History_goes_back_5_to_15_years_and_nothing_happens_after_today(Archetype archetype) =>
        AssertHistory(Cohort.Of(archetype));

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void Codes_carry_the_systems_real_ehrs_use(Archetype archetype) => AssertCoding(Cohort.Of(archetype));

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void Resources_claim_us_core_profiles_and_the_patient_is_tagged(Archetype archetype) => AssertProfilesAndTag(Cohort.Of(archetype));

    [Fact]
    public void Many_patients_with_other_seeds_and_dates_are_all_well_formed()
    {
        var today = new DateOnly(2019, 6, 15);
        var views = SyntheticCohort.GenerateMany(96, seed: 2024).Concat(SyntheticCohort.Generate(seed: 5, today)).Select(b => new PatientView(b));
        foreach (var view in views)
        {
            AssertRoundTrips(view);
            AssertTransaction(view);
            AssertReferencesResolve(view);
            AssertHistory(view);
            AssertCoding(view);
            AssertProfilesAndTag(view);
        }
    }

    private static void AssertRoundTrips(PatientView view)
    {
        var json = FhirJsonSerializer.SerializeToUtf8Bytes(view.Bundle);

        var result = new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(json);

        Assert.Empty(result.Issues);
        Assert.True(result.IsSuccess);
        var written = FhirJsonSerializer.SerializeToUtf8Bytes(result.Value!);
        Assert.True(json.AsSpan().SequenceEqual(written), "writing the parsed bundle back changes it");
    }

    private static void AssertTransaction(PatientView view)
    {
        var bundle = view.Bundle;

        Assert.Equal(BundleType.Transaction, bundle.Type!.Enum);
        Assert.All(bundle.Entry, entry =>
        {
            var resource = entry.Resource!;
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", resource.Id);
            Assert.Equal("urn:uuid:" + resource.Id, entry.FullUrl!.Value);
            Assert.Equal(HTTPVerb.PUT, entry.Request!.Method!.Enum);
            Assert.Equal($"{resource.TypeInfo.Name}/{resource.Id}", entry.Request.Url!.Value);
        });
        Assert.Equal(bundle.Entry.Count, bundle.Entry.Select(e => e.FullUrl!.Value).Distinct().Count());
        Assert.Single(bundle.Entry, e => e.Resource is Patient);
    }

    private static void AssertReferencesResolve(PatientView view)
    {
        var bundle = view.Bundle;
        var fullUrls = bundle.Entry.Select(e => e.FullUrl!.Value).ToHashSet();
        using var json = JsonDocument.Parse(FhirJsonSerializer.SerializeToUtf8Bytes(bundle));

        var references = new List<string>();
        Collect(json.RootElement, references);

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, fullUrls));
        // Each clinical resource points at the patient.
        var patient = bundle.Entry.Single(e => e.Resource is Patient).FullUrl!.Value;
        Assert.All(bundle.Entry.Select(e => e.Resource).OfType<Observation>(), o => Assert.Equal(patient, o.Subject!.ReferenceValue!.Value));
        Assert.All(bundle.Entry.Select(e => e.Resource).OfType<Condition>(), c => Assert.Equal(patient, c.Subject!.ReferenceValue!.Value));
        Assert.All(bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>(), m => Assert.Equal(patient, m.Subject!.ReferenceValue!.Value));

        static void Collect(JsonElement element, List<string> found)
        {
            if (element.ValueKind == JsonValueKind.Object)
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "reference") found.Add(property.Value.GetString()!);
                    else Collect(property.Value, found);
                }
            else if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray()) Collect(item, found);
        }
    }

    private static void AssertHistory(PatientView view)
    {
        var starts = view.EncounterStarts.ToList();
        var today = view.Today.ToDateTime(TimeOnly.MinValue);

        Assert.InRange(starts.Min(), today.AddYears(-15), today.AddYears(-5));
        Assert.True(starts.Max() >= today.AddYears(-2), $"last encounter {starts.Max():d} is not in the last two years");
        Assert.All(view.Resources<Encounter>(), e => Assert.True(PatientView.ParseTime(e.Period!.End!.Value!) < today));
        Assert.All(view.Resources<Observation>(), o => Assert.True(PatientView.ParseTime(((FhirDateTime)o.Effective!).Value!) < today));
        Assert.All(view.Resources<MedicationRequest>(), m => Assert.True(PatientView.ParseTime(m.AuthoredOn!.Value!) < today));
        Assert.All(view.Resources<Immunization>(), i => Assert.True(PatientView.ParseTime(((FhirDateTime)i.Occurrence!).Value!) < today));
        var birth = PatientView.ParseTime(view.Patient.BirthDate!.Value!);
        Assert.All(view.Resources<Condition>(), c => Assert.True(PatientView.ParseTime(((FhirDateTime)c.Onset!).Value!) >= birth));
    }

    private static void AssertCoding(PatientView view)
    {

        Assert.All(view.Resources<Observation>(), o =>
        {
            Assert.Equal(PatientView.Loinc, Assert.Single(o.Code!.Coding).System!.Value);
            Assert.Contains(o.Category.SelectMany(c => c.Coding), c =>
                c.System!.Value == "http://terminology.hl7.org/CodeSystem/observation-category"
                && c.Code!.Value is "laboratory" or "vital-signs" or "social-history" or "exam" or "imaging");
            if (o.Value is Quantity q) Assert.Equal(PatientView.Ucum, q.System!.Value);
            foreach (var component in o.Component)
            {
                Assert.Equal(PatientView.Loinc, component.Code!.Coding[0].System!.Value);
                Assert.Equal(PatientView.Ucum, ((Quantity)component.Value!).System!.Value);
            }
        });
        Assert.All(view.Resources<Condition>(), c =>
        {
            Assert.Contains(c.Code!.Coding, x => x.System!.Value == PatientView.Snomed);
            Assert.Contains(c.Code!.Coding, x => x.System!.Value == PatientView.Icd10);
            Assert.NotNull(c.ClinicalStatus);
            Assert.True(PatientView.HasCode(c.VerificationStatus, "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"));
            Assert.True(PatientView.HasCode(c.Category.Single(), "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "encounter-diagnosis"));
        });
        Assert.All(view.Resources<MedicationRequest>(), m =>
        {
            Assert.Matches("^[0-9]{4,8}$", PatientView.RxNormCode(m));
            Assert.False(string.IsNullOrWhiteSpace(m.DosageInstruction.Single().Text!.Value));
            Assert.NotNull(m.AuthoredOn);
            Assert.NotNull(m.Requester);
        });
        Assert.All(view.Resources<Immunization>(), i => Assert.Equal(PatientView.Cvx, i.VaccineCode!.Coding.Single().System!.Value));
        Assert.All(view.Resources<AllergyIntolerance>(), a =>
            Assert.All(a.Code!.Coding, c => Assert.Contains(c.System!.Value, new[] { PatientView.RxNorm, PatientView.Snomed })));
    }

    private static void AssertProfilesAndTag(PatientView view)
    {
        var archetype = view.Archetype;

        Assert.All(view.Bundle.Entry, e =>
            Assert.StartsWith("http://hl7.org/fhir/us/core/StructureDefinition/", e.Resource!.Meta!.Profile.Single().Value, StringComparison.Ordinal));
        var tag = Assert.Single(view.Patient.Meta!.Tag);
        Assert.Equal(ArchetypeTag.System, tag.System!.Value);
        Assert.Equal(ArchetypeTag.CodeOf(archetype), tag.Code!.Value);
        Assert.Equal(archetype, ArchetypeTag.FromCode(tag.Code.Value));
        var vitals = view.Resources<Observation>().Where(o => o.Category.Any(c => c.Coding[0].Code!.Value == "vital-signs")).ToList();
        Assert.NotEmpty(vitals);
        Assert.All(view.Resources<Observation>().Where(o => PatientView.HasCode(o.Code, PatientView.Loinc, "85354-9")), bp =>
        {
            Assert.Null(bp.Value);
            Assert.Equal(["8480-6", "8462-4"], bp.Component.Select(c => c.Code!.Coding[0].Code!.Value));
        });
    }

    [Fact]
    public void Lab_results_are_listed_by_diagnostic_reports_and_carry_reference_ranges()
    {
        var view = Cohort.Of(Archetype.ChronicKidneyDiseaseOnMetformin);
        var labs = view.Resources<Observation>().Where(o => o.Category[0].Coding[0].Code!.Value == "laboratory").ToList();
        var reported = view.Resources<DiagnosticReport>().SelectMany(r => r.Result).Select(r => r.ReferenceValue!.Value).ToHashSet();
        var fullUrls = view.Bundle.Entry.ToDictionary(e => e.Resource!, e => e.FullUrl!.Value);

        Assert.NotEmpty(labs);
        Assert.All(labs, lab => Assert.Contains(fullUrls[lab], reported));
        var creatinine = labs.First(o => PatientView.HasCode(o.Code, PatientView.Loinc, "2160-0"));
        Assert.NotNull(creatinine.ReferenceRange.Single().High);
        Assert.Single(creatinine.Interpretation);
    }
}
