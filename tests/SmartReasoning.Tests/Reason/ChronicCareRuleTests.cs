using SmartReasoning.Reason;
using static SmartReasoning.Tests.Reason.ContextBuilder;

namespace SmartReasoning.Tests.Reason;

/// <summary>The chronic care rules on hand-made patients: a falling hemoglobin, HFrEF without its four pillars, Beers criteria drugs.</summary>
public sealed class ChronicCareRuleTests
{
    private static ContextBuilder Patient() => new();

    private static List<Finding> Of(IReadOnlyList<Finding> findings, FindingKind kind) => [.. findings.Where(f => f.Kind == kind)];

    private static List<Finding> Trend(ContextBuilder patient) => Of(patient.Reason(), FindingKinds.LabTrend);

    // (m) A falling hemoglobin

    [Fact]
    public void A_hemoglobin_fall_of_2_within_90_days_is_a_warning_citing_both_results()
    {
        var finding = Assert.Single(Trend(Patient().Hemoglobin((400, 13.0), (60, 14.0), (5, 11.9))));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["Observation/718-7-60", "Observation/718-7-5"], finding.Evidence);
        Assert.Equal(Guidelines.IsthMajorBleeding2005, finding.Source);
        Assert.Contains("2.1 g/dL in 55 days", finding.Title);
        Assert.Equal("718-7", Assert.Single(finding.SuggestedActions).Code!.Code);
    }

    [Fact]
    public void A_hemoglobin_fall_of_2_on_an_anticoagulant_is_critical_and_cites_the_anticoagulant()
    {
        var finding = Assert.Single(Trend(Patient().Warfarin().Hemoglobin((30, 13.5), (2, 11.0))));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("MedicationRequest/warfarin", finding.Evidence);
        Assert.Equal(Severity.Critical,
            Assert.Single(Trend(Patient().Medication("1364430", "apixaban 5 MG Oral Tablet").Hemoglobin((30, 13.5), (2, 11.0)))).Severity);
    }

    [Fact]
    public void A_fall_of_exactly_2_fires_and_1_9_does_not()
    {
        Assert.Single(Trend(Patient().Hemoglobin((30, 14.0), (2, 12.0))));
        Assert.Single(Trend(Patient().Hemoglobin((30, 13.3), (2, 11.3))));
        Assert.Empty(Trend(Patient().Hemoglobin((30, 14.0), (2, 12.1))));
    }

    [Fact]
    public void The_fall_is_judged_against_the_90_days_before_the_latest_result()
    {
        Assert.Single(Trend(Patient().Hemoglobin((95, 14.5), (5, 12.0))));
        Assert.Empty(Trend(Patient().Hemoglobin((96, 14.5), (5, 12.0))));
        Assert.Empty(Trend(Patient().Hemoglobin((60, 9.0), (30, 11.5), (5, 14.0))));
    }

    [Fact]
    public void Hemoglobin_in_g_per_l_or_mmol_per_l_is_converted_and_an_unknown_unit_is_ignored()
    {
        Assert.Contains("2.2 g/dL", Assert.Single(Trend(Patient().Lab("718-7", "g/L", (30, 140), (2, 118)))).Title);
        Assert.Single(Trend(Patient().Lab("59260-0", "mmol/L", (30, 8.7), (2, 7.4))));
        Assert.Empty(Trend(Patient().Lab("718-7", "g/L", (30, 140), (2, 125))));
        Assert.Empty(Trend(Patient().Lab("718-7", "{units}", (30, 140), (2, 100))));
    }

    [Fact]
    public void A_steady_decline_below_the_anaemia_cut_off_is_a_warning_by_sex()
    {
        var man = Assert.Single(Trend(Patient().Patient(60, "male").Hemoglobin((200, 14.2), (100, 13.4), (5, 12.9))));
        Assert.Equal(Severity.Warning, man.Severity);
        Assert.Equal(Guidelines.WhoAnaemiaCutoffs2024, man.Source);
        Assert.Equal(["Observation/718-7-200", "Observation/718-7-100", "Observation/718-7-5"], man.Evidence);
        Assert.Empty(Trend(Patient().Patient(60, "female").Hemoglobin((200, 14.2), (100, 13.4), (5, 12.9))));
        Assert.Single(Trend(Patient().Patient(60, "female").Hemoglobin((200, 13.0), (100, 12.5), (5, 11.8))));
    }

    [Fact]
    public void A_decline_ending_at_the_cut_off_interrupted_too_slow_or_spread_over_more_than_a_year_does_not_fire()
    {
        Assert.Empty(Trend(Patient().Patient(60, "male").Hemoglobin((200, 14.5), (100, 13.6), (5, 13.0))));
        Assert.Empty(Trend(Patient().Patient(60, "male").Hemoglobin((200, 14.0), (100, 12.4), (5, 12.6))));
        Assert.Empty(Trend(Patient().Patient(60, "male").Hemoglobin((200, 13.4), (100, 13.0), (5, 12.5))));
        Assert.Single(Trend(Patient().Patient(60, "male").Hemoglobin((200, 13.1), (100, 12.6), (5, 12.1))));
        Assert.Empty(Trend(Patient().Patient(60, "male").Hemoglobin((371, 14.2), (100, 13.4), (5, 12.5))));
        Assert.Single(Trend(Patient().Patient(60, "male").Hemoglobin((370, 14.2), (100, 13.4), (5, 12.5))));
    }

    // (n) HFrEF without guideline-directed therapy

    private static List<Finding> Hfref(ContextBuilder patient, ReasoningTrigger? trigger = null) =>
        [.. Of(patient.Reason(trigger), FindingKinds.MissingTherapy).Where(f => f.Source == Guidelines.AhaAccHfsaHeartFailure2022)];

    private static ContextBuilder AllFourPillars(ContextBuilder patient) => patient
        .Medication("200031", "carvedilol 6.25 MG Oral Tablet", "carvedilol")
        .Medication("1656340", "sacubitril 24 MG / valsartan 26 MG Oral Tablet", "arni")
        .Medication("313096", "spironolactone 25 MG Oral Tablet", "spironolactone")
        .Medication("1545653", "empagliflozin 10 MG Oral Tablet", "empagliflozin");

    [Fact]
    public void Heart_failure_with_an_lvef_of_35_on_a_beta_blocker_alone_names_the_three_missing_pillars()
    {
        var finding = Assert.Single(Hfref(Patient().HeartFailure().Lvef((400, 45), (30, 35))
            .Medication("866414", "24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]", "metoprolol")));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("HFrEF without guideline-directed therapy: no ARNI/ACE inhibitor/ARB, MRA, SGLT2 inhibitor", finding.Title);
        Assert.Equal(["Condition/hf", "Observation/10230-1-30"], finding.Evidence);
    }

    [Fact]
    public void Coded_hfref_on_all_four_pillars_does_not_fire_and_on_three_names_the_fourth()
    {
        ContextBuilder Coded() => Patient().HeartFailure("703272007", "Heart failure with reduced ejection fraction");
        Assert.Empty(Hfref(AllFourPillars(Coded())));
        var three = Coded().Medication("200031", "carvedilol 6.25 MG Oral Tablet").Lisinopril().Medication("313096", "spironolactone 25 MG Oral Tablet");
        Assert.EndsWith("no SGLT2 inhibitor", Assert.Single(Hfref(three)).Title, StringComparison.Ordinal);
        Assert.Empty(Hfref(three, ReasoningTrigger.OrderSelect(Draft("1488574", "dapagliflozin 10 MG Oral Tablet"))));
    }

    [Fact]
    public void An_lvef_of_40_is_reduced_and_41_is_not()
    {
        Assert.Single(Hfref(Patient().HeartFailure().Lvef((30, 40))));
        Assert.Empty(Hfref(Patient().HeartFailure().Lvef((30, 41))));
        Assert.Empty(Hfref(Patient().HeartFailure().Lvef((30, 30), (5, 41))));
        Assert.Empty(Hfref(Patient().HeartFailure()));
        Assert.Empty(Hfref(Patient().Lvef((30, 30))));
    }

    [Fact]
    public void Two_ejection_fractions_of_one_echo_are_averaged()
    {
        Assert.Empty(Hfref(Patient().HeartFailure().Lvef((30, 38)).Lab("8806-2", "%", (30, 44))));
        Assert.Single(Hfref(Patient().HeartFailure().Lvef((30, 34.6)).Lab("8806-2", "%", (30, 36.7))));
    }

    [Fact]
    public void Metoprolol_tartrate_is_not_an_evidence_based_beta_blocker_in_hfref()
    {
        var tartrateOnly = Patient().HeartFailure().Lvef((30, 30)).Medication("866924", "metoprolol tartrate 25 MG Oral Tablet")
            .Lisinopril().Medication("313096", "spironolactone 25 MG Oral Tablet").Medication("1545653", "empagliflozin 10 MG Oral Tablet");
        Assert.EndsWith("no beta blocker", Assert.Single(Hfref(tartrateOnly)).Title, StringComparison.Ordinal);
    }

    // (o) Beers criteria at 65 or over

    private static List<Finding> Beers(ContextBuilder patient, ReasoningTrigger? trigger = null) =>
        Of(patient.Reason(trigger), FindingKinds.PotentiallyInappropriate);

    [Fact]
    public void Diphenhydramine_at_65_is_a_beers_warning_citing_the_drug_and_the_age_and_at_64_is_not()
    {
        ContextBuilder Aged(int age) => Patient().Patient(age, "female").Medication("1049630", "diphenhydrAMINE Hydrochloride 25 MG Oral Tablet", "dph");
        var finding = Assert.Single(Beers(Aged(65)));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["MedicationRequest/dph", "Patient/p1"], finding.Evidence);
        Assert.Equal(Guidelines.AgsBeers2023, finding.Source);
        Assert.Contains("diphenhydramine", finding.Title);
        Assert.Empty(Beers(Aged(64)));
    }

    [Fact]
    public void Each_beers_drug_is_one_finding_and_two_products_of_one_drug_are_one()
    {
        var findings = Beers(Patient().Patient(80, "male")
            .Medication("1049630", "diphenhydrAMINE Hydrochloride 25 MG Oral Tablet")
            .Medication("1049909", "diphenhydramine hydrochloride 50 MG Oral Capsule")
            .Medication("854873", "zolpidem tartrate 5 MG Oral Tablet"));
        Assert.Equal(2, findings.Count);
        Assert.Equal(3, findings.Sum(f => f.Evidence.Count(e => e.StartsWith("MedicationRequest/", StringComparison.Ordinal))));
    }

    [Fact]
    public void Topical_vaginal_and_low_dose_doxepin_products_are_not_beers_drugs()
    {
        ContextBuilder Old() => Patient().Patient(75, "female");
        Assert.Empty(Beers(Old().Medication("1", "diphenhydramine hydrochloride 20 MG/ML Topical Cream")));
        Assert.Empty(Beers(Old().Medication("2", "estradiol 0.1 MG/GM Vaginal Cream")));
        Assert.Single(Beers(Old().Medication("3", "estradiol 1 MG Oral Tablet")));
        Assert.Empty(Beers(Old().Medication("4", "doxepin 6 MG Oral Tablet")));
        Assert.Single(Beers(Old().Medication("5", "doxepin hydrochloride 25 MG Oral Capsule")));
    }

    [Fact]
    public void A_draft_sulfonylurea_at_70_offers_to_cancel_and_drugs_not_on_the_list_do_not_fire()
    {
        var draft = Draft("310537", "glyBURIDE 5 MG Oral Tablet", "draft-glyburide");
        var finding = Assert.Single(Beers(Patient().Patient(70, "male"), ReasoningTrigger.OrderSelect(draft)));
        Assert.Equal("MedicationRequest/draft-glyburide", Assert.Single(finding.SuggestedActions).OrderReference);
        Assert.Empty(Beers(Patient().Patient(85, "male").Metformin().Lisinopril().Atorvastatin().Medication("198440", "acetaminophen 500 MG Oral Tablet")));
    }
}
