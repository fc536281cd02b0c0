using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Sandbox.Synthetic;

/// <summary>Each archetype shows the trait it exists for, in the default cohort and across many seeds.</summary>
public sealed class SyntheticArchetypeTests
{
    private static readonly string[] Anticoagulants = ["warfarin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban"];
    private static readonly string[] Nsaids = ["ibuprofen", "naproxen", "diclofenac", "meloxicam", "celecoxib"];

    public static TheoryData<Archetype> Archetypes => new(Enum.GetValues<Archetype>());

    /// <summary>The default cohort's patient of an archetype, and more of the same archetype from other seeds and dates.</summary>
    private static IEnumerable<PatientView> Samples(Archetype archetype) =>
        new[] { Cohort.Of(archetype) }.Concat(Many.Value.Where(v => v.Archetype == archetype));

    // Twelve more patients of each archetype from another seed, and one whose history ends in 2021.
    private static readonly Lazy<List<PatientView>> Many = new(() => SyntheticCohort.GenerateMany(12 * 12, seed: 99)
        .Concat(SyntheticCohort.Generate(seed: 11, today: EarlierToday)).Select(b => new PatientView(b)).ToList());

    private static readonly DateOnly EarlierToday = new(2021, 9, 30);

    private static bool Named(MedicationRequest request, IEnumerable<string> names) =>
        names.Any(n => PatientView.RxNormDisplay(request).Contains(n, StringComparison.OrdinalIgnoreCase));

    private static void Rising(List<(DateTime When, decimal Value)> series, decimal minimumRise)
    {
        Assert.True(series.Count >= 6, $"only {series.Count} results");
        Assert.True(series[^1].Value - series[0].Value >= minimumRise, $"from {series[0].Value} to {series[^1].Value}");
        Assert.True(Slope(series) > 0, "the trend is not upward");
    }

    private static double Slope(List<(DateTime When, decimal Value)> series)
    {
        var xs = series.Select(s => s.When.Ticks / (double)TimeSpan.TicksPerDay).ToArray();
        var ys = series.Select(s => (double)s.Value).ToArray();
        var mx = xs.Average();
        var my = ys.Average();
        return xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
    }

    [Fact]
    public void Type_2_diabetes_has_a_rising_hba1c_on_metformin()
    {
        foreach (var view in Samples(Archetype.Type2Diabetes))
        {
            Assert.True(view.HasActiveCondition("44054006"));
            var a1c = view.Series("4548-4");
            Rising(a1c, 2.0m);
            Assert.True(a1c[^1].Value >= 9.0m);
            Assert.Contains(view.ActiveMedications, m => PatientView.RxNormCode(m) == "860975");
        }
    }

    [Fact]
    public void Chronic_kidney_disease_has_a_falling_egfr_below_30_with_metformin_active()
    {
        foreach (var view in Samples(Archetype.ChronicKidneyDiseaseOnMetformin))
        {
            var egfr = view.Series("33914-3", "62238-1");
            Assert.True(egfr.Count >= 10);
            Assert.True(Slope(egfr) < 0, "eGFR does not fall");
            Assert.True(egfr[0].Value >= 55, $"first eGFR {egfr[0].Value}");
            Assert.True(egfr[^1].Value < 30, $"last eGFR {egfr[^1].Value}");
            var metformin = view.ActiveMedications.Single(m => PatientView.RxNormCode(m) == "860975");
            Assert.True(PatientView.ParseTime(metformin.AuthoredOn!.Value!) < egfr[^1].When);
            Assert.True(view.HasActiveCondition("431857002"), "CKD stage 4 is not on the problem list");
            Assert.DoesNotContain(view.ActiveConditions, c => PatientView.HasCode(c.Code, PatientView.Snomed, "700378005", "431856006"));
            var creatinine = view.Series("2160-0");
            Assert.True(creatinine[^1].Value > creatinine[0].Value);
        }
    }

    [Fact]
    public void Atrial_fibrillation_scores_at_least_2_and_has_no_anticoagulant()
    {
        foreach (var view in Samples(Archetype.AtrialFibrillationNoAnticoagulant))
        {
            Assert.True(view.HasActiveCondition("49436004"));
            Assert.True(ChadsVasc(view) >= 4, $"CHA2DS2-VASc {ChadsVasc(view)}");
            Assert.DoesNotContain(view.ActiveMedications, m => Named(m, Anticoagulants));
            Assert.DoesNotContain(view.Resources<MedicationRequest>(), m => Named(m, Anticoagulants));
        }
    }

    private static int ChadsVasc(PatientView view)
    {
        bool Any(params string[] codes) => view.Resources<Condition>().Any(c => PatientView.HasCode(c.Code, PatientView.Snomed, codes));
        var age = view.AgeOn(view.Today);
        return (Any("703272007", "84114007", "42343007") ? 1 : 0)
            + (Any("59621000", "38341003") ? 1 : 0)
            + (age >= 75 ? 2 : age >= 65 ? 1 : 0)
            + (Any("44054006") ? 1 : 0)
            + (Any("266257000", "230690007") ? 2 : 0)
            + (Any("53741008", "399211009", "22298006") ? 1 : 0)
            + (view.Patient.Gender!.Enum == AdministrativeGender.Female ? 1 : 0);
    }

    [Fact]
    public void Heart_failure_has_a_reduced_ejection_fraction_and_guideline_therapy()
    {
        foreach (var view in Samples(Archetype.HeartFailureReducedEjectionFraction))
        {
            Assert.True(view.HasActiveCondition("703272007"));
            var ef = view.Series("10230-1");
            Assert.True(ef.Count >= 2);
            Assert.All(ef, e => Assert.True(e.Value <= 40, $"LVEF {e.Value}"));
            Assert.True(view.Series("33762-6").Count >= 2, "no NT-proBNP follow-up");
            var active = view.ActiveMedications.Select(PatientView.RxNormDisplay).ToList();
            Assert.Contains(active, d => d.Contains("carvedilol", StringComparison.Ordinal));
            Assert.Contains(active, d => d.Contains("sacubitril", StringComparison.Ordinal));
            Assert.Contains(active, d => d.Contains("spironolactone", StringComparison.Ordinal));
            Assert.DoesNotContain(active, d => d.Contains("lisinopril", StringComparison.Ordinal));
            Assert.Contains(view.Resources<Encounter>(), e => e.Class!.Code!.Value == "IMP");
        }
    }

    [Fact]
    public void Uncontrolled_hypertension_stays_above_140_90_on_treatment()
    {
        foreach (var view in Samples(Archetype.UncontrolledHypertension))
        {
            Assert.True(view.HasActiveCondition("59621000"));
            var panels = view.Resources<Observation>()
                .Where(o => PatientView.HasCode(o.Code, PatientView.Loinc, "85354-9"))
                .Select(o => (When: PatientView.ParseTime(((FhirDateTime)o.Effective!).Value!),
                    Systolic: ((Quantity)o.Component[0].Value!).Value!.Value!.Value,
                    Diastolic: ((Quantity)o.Component[1].Value!).Value!.Value!.Value))
                .OrderBy(p => p.When).ToList();
            Assert.True(panels.Count >= 10);
            Assert.All(panels.TakeLast(5), p => Assert.True(p.Systolic >= 140 || p.Diastolic >= 90, $"{p.Systolic}/{p.Diastolic} is controlled"));
            Assert.True(view.ActiveMedications.Count() >= 2);
        }
    }

    [Fact]
    public void Hyperlipidemia_has_a_high_ldl_and_no_statin()
    {
        foreach (var view in Samples(Archetype.HyperlipidemiaNoStatin))
        {
            Assert.True(view.HasActiveCondition("13644009", "55822004"));
            var ldl = view.Series("13457-7", "18262-6");
            Assert.True(ldl.Count >= 5);
            Assert.All(ldl, l => Assert.True(l.Value >= 160, $"LDL {l.Value}"));
            Assert.DoesNotContain(view.Resources<MedicationRequest>(), m => Named(m, ["statin"]));
        }
    }

    [Fact]
    public void Warfarin_and_an_nsaid_are_both_active()
    {
        foreach (var view in Samples(Archetype.WarfarinWithNsaid))
        {
            Assert.Contains(view.ActiveMedications, m => PatientView.RxNormCode(m) == "855332");
            var nsaid = Assert.Single(view.ActiveMedications, m => Named(m, Nsaids));
            Assert.Contains(PatientView.RxNormCode(nsaid), new[] { "197805", "310965", "198014" });
            var inr = view.Series("6301-6");
            Assert.True(inr.Count >= 20);
            Assert.True(inr[^1].Value > 3.0m && inr[^1].When > PatientView.ParseTime(nsaid.AuthoredOn!.Value!));
        }
    }

    [Fact]
    public void Penicillin_allergy_is_recorded_with_criticality_and_reaction()
    {
        foreach (var view in Samples(Archetype.PenicillinAllergy))
        {
            var allergy = Assert.Single(view.Resources<AllergyIntolerance>(), a =>
                PatientView.HasCode(a.Code, PatientView.RxNorm, "70618") || PatientView.HasCode(a.Code, PatientView.Snomed, "764146007"));
            Assert.Equal(AllergyIntoleranceCriticality.High, allergy.Criticality!.Enum);
            Assert.Equal(AllergyIntoleranceCategory.Medication, allergy.Category.Single().Enum);
            Assert.True(PatientView.HasCode(allergy.ClinicalStatus, "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"));
            var reaction = allergy.Reaction.Single();
            Assert.Equal(AllergyIntoleranceSeverity.Severe, reaction.Severity!.Enum);
            Assert.Contains(reaction.Manifestation, m => PatientView.HasCode(m, PatientView.Snomed, "126485001"));
            var amoxicillin = view.Resources<MedicationRequest>().Single(m => PatientView.RxNormCode(m) == "308191");
            Assert.Equal(MedicationrequestStatus.Stopped, amoxicillin.Status!.Enum);
            Assert.DoesNotContain(view.ActiveMedications, m => Named(m, ["penicillin", "amoxicillin", "ampicillin"]));
        }
    }

    [Fact]
    public void Pediatric_asthma_is_a_child_with_inhalers_and_exacerbations()
    {
        foreach (var view in Samples(Archetype.PediatricAsthma))
        {
            Assert.InRange(view.AgeOn(view.Today), 8, 12);
            Assert.True(view.HasActiveCondition("426979002"));
            var active = view.ActiveMedications.Select(PatientView.RxNormCode).ToList();
            Assert.Contains("745752", active);
            Assert.Contains("895994", active);
            Assert.NotEmpty(view.Series("33452-4"));
            Assert.NotEmpty(view.Series("59576-9"));
            Assert.Contains(view.Resources<Immunization>(), i => PatientView.HasCode(i.VaccineCode, PatientView.Cvx, "20", "03", "21"));
            var heights = view.Series("8302-2");
            Assert.True(heights[^1].Value > heights[0].Value + 20, "the child does not grow");
        }
    }

    [Fact]
    public void Pregnancy_is_active_with_prenatal_observations()
    {
        foreach (var view in Samples(Archetype.Pregnancy))
        {
            Assert.Equal(AdministrativeGender.Female, view.Patient.Gender!.Enum);
            var pregnancy = Assert.Single(view.ActiveConditions, c => PatientView.HasCode(c.Code, PatientView.Snomed, "72892002"));
            Assert.Contains(pregnancy.Code!.Coding, c => c.System!.Value == PatientView.Icd10 && c.Code!.Value!.StartsWith("Z34.", StringComparison.Ordinal));
            var gestation = view.Series("49051-6");
            Assert.InRange(gestation[^1].Value, 8m, 27m);
            Assert.True(gestation.Count >= 4, "too few prenatal visits");
            var due = view.Resources<Observation>().Where(o => PatientView.HasCode(o.Code, PatientView.Loinc, "11778-8"))
                .Select(o => DateOnly.FromDateTime(PatientView.ParseTime(((FhirDateTime)o.Value!).Value!))).Max();
            Assert.InRange(due.DayNumber - view.Today.DayNumber, 14 * 7, 24 * 7);
            Assert.NotEmpty(view.Series("55283-6"));
            Assert.Contains(view.Resources<Observation>(), o => PatientView.HasCode(o.Code, PatientView.Loinc, "82810-3")
                && PatientView.HasCode((CodeableConcept)o.Value!, PatientView.Snomed, "77386006"));
            Assert.Contains(view.Resources<Observation>(), o => PatientView.HasCode(o.Code, PatientView.Loinc, "11778-8") && o.Value is FhirDateTime);
        }
    }

    [Fact]
    public void Elderly_patient_has_more_than_ten_active_medications()
    {
        foreach (var view in Samples(Archetype.ElderlyPolypharmacy))
        {
            Assert.True(view.AgeOn(view.Today) >= 80);
            var active = view.ActiveMedications.ToList();
            Assert.True(active.Count > 10, $"{active.Count} active medications");
            Assert.Equal(active.Count, active.Select(PatientView.RxNormCode).Distinct().Count());
            Assert.True(view.ActiveConditions.Count(c => c.Category[0].Coding[0].Code!.Value == "problem-list-item") >= 8);
        }
    }

    [Fact]
    public void Sparse_record_has_almost_nothing()
    {
        foreach (var view in Samples(Archetype.SparseRecord))
        {
            Assert.True(view.Bundle.Entry.Count <= 12, $"{view.Bundle.Entry.Count} entries");
            Assert.Equal(2, view.Resources<Encounter>().Count());
            Assert.Empty(view.Resources<MedicationRequest>());
            Assert.Empty(view.Resources<AllergyIntolerance>());
            Assert.Empty(view.Resources<Immunization>());
            Assert.Empty(view.Resources<DiagnosticReport>());
            Assert.Empty(view.ActiveConditions);
        }
    }

    [Theory]
    [MemberData(nameof(Archetypes))]
    public void Every_archetype_but_the_sparse_one_has_a_full_record(Archetype archetype)
    {
        if (archetype == Archetype.SparseRecord) return;
        var view = Cohort.Of(archetype);
        Assert.True(view.Resources<Encounter>().Count() >= 10);
        Assert.True(view.Resources<Observation>().Count() >= 40);
        Assert.NotEmpty(view.Resources<Condition>());
        Assert.NotEmpty(view.Resources<MedicationRequest>());
        Assert.NotEmpty(view.Resources<Immunization>());
        Assert.All(view.Resources<MedicationRequest>().Where(m => m.Status!.Enum != MedicationrequestStatus.Active),
            m => Assert.NotNull(((Period)m.DosageInstruction[0].Timing!.Repeat!.Bounds!).End));
    }
}
