using SmartReasoning.Compile;
using SmartReasoning.Reason;
using static SmartReasoning.Tests.Reason.ContextBuilder;

namespace SmartReasoning.Tests.Reason;

/// <summary>The order-safety rules on hand-made patients: a draft against an allergy, a teratogen in pregnancy, duplicate therapy.</summary>
public sealed class OrderSafetyRuleTests
{
    private static ContextBuilder Patient() => new();

    private static List<Finding> Of(IReadOnlyList<Finding> findings, FindingKind kind) => [.. findings.Where(f => f.Kind == kind)];

    private static List<Finding> Allergy(ContextBuilder patient, DraftOrder draft) =>
        Of(patient.Reason(ReasoningTrigger.OrderSelect(draft)), FindingKinds.DrugAllergy);

    private static readonly DraftOrder Amoxicillin = Draft("308191", "amoxicillin 500 MG Oral Capsule", "draft-amoxicillin");
    private static readonly DraftOrder Cephalexin = Draft("309114", "cephalexin 500 MG Oral Capsule", "draft-cephalexin");
    private static readonly DraftOrder Lisinopril = Draft("314076", "lisinopril 10 MG Oral Tablet", "draft-lisinopril");

    // (j) A draft order against a recorded allergy

    [Fact]
    public void A_penicillin_draft_with_a_penicillin_allergy_is_critical_cites_both_and_offers_to_cancel()
    {
        var finding = Assert.Single(Allergy(Patient().PenicillinAllergy(), Amoxicillin));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/draft-amoxicillin", "AllergyIntolerance/penicillin"], finding.Evidence);
        Assert.Equal(Guidelines.DrugAllergyPracticeParameter2022, finding.Source);
        var action = Assert.Single(finding.SuggestedActions);
        Assert.Equal(SuggestedActionKind.CancelDraftOrder, action.Kind);
        Assert.Equal("MedicationRequest/draft-amoxicillin", action.OrderReference);
        Assert.Contains("Anaphylaxis", finding.Rationale);
    }

    [Fact]
    public void A_low_criticality_penicillin_allergy_still_makes_a_penicillin_draft_critical()
    {
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(Patient().PenicillinAllergy(criticality: "low"), Amoxicillin)).Severity);
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(Patient().PenicillinAllergy(criticality: null), Amoxicillin)).Severity);
    }

    [Fact]
    public void A_cephalosporin_or_carbapenem_draft_with_a_penicillin_allergy_is_a_cross_sensitivity_warning()
    {
        var finding = Assert.Single(Allergy(Patient().PenicillinAllergy(), Cephalexin));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.StartsWith("Possible cross-sensitivity", finding.Title, StringComparison.Ordinal);
        Assert.Contains("it is a cephalosporin, which may cross-react with penicillins", finding.Rationale, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Severity.Warning, Assert.Single(Allergy(Patient().PenicillinAllergy(), Draft("1722939", "meropenem 1000 MG Injection"))).Severity);
    }

    [Fact]
    public void A_penicillin_allergy_recorded_in_snomed_or_only_in_words_is_recognised()
    {
        var snomed = Patient().Allergy("91936005", "Allergy to penicillin", system: CodeSystemUrls.Snomed);
        var finding = Assert.Single(Allergy(snomed, Draft("834061", "penicillin V potassium 250 MG Oral Tablet")));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("Allergy: penicillin V potassium 250 MG Oral Tablet is ordered despite a recorded allergy to penicillin", finding.Title);
        var words = Patient().Allergy("000", "Allergy to penicillin (disorder)", system: "http://example.org/local");
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(words, Amoxicillin)).Severity);
    }

    [Fact]
    public void An_allergy_that_is_inactive_resolved_or_entered_in_error_does_not_fire()
    {
        Assert.Empty(Allergy(Patient().PenicillinAllergy(clinicalStatus: "inactive"), Amoxicillin));
        Assert.Empty(Allergy(Patient().PenicillinAllergy(clinicalStatus: "resolved"), Amoxicillin));
        Assert.Empty(Allergy(Patient().PenicillinAllergy(clinicalStatus: "entered-in-error"), Amoxicillin));
        Assert.Single(Allergy(Patient().PenicillinAllergy(clinicalStatus: null), Amoxicillin));
    }

    [Fact]
    public void Only_draft_orders_are_checked_against_allergies()
    {
        var patient = Patient().PenicillinAllergy().Medication("308191", "amoxicillin 500 MG Oral Capsule", "amoxicillin");
        Assert.Empty(Of(patient.Reason(), FindingKinds.DrugAllergy));
    }

    [Fact]
    public void An_unrelated_draft_or_an_unrelated_allergy_does_not_fire()
    {
        Assert.Empty(Allergy(Patient().PenicillinAllergy(), Draft("308460", "azithromycin 250 MG Oral Tablet")));
        Assert.Empty(Allergy(Patient().Allergy("418689008", "Allergy to grass pollen", system: CodeSystemUrls.Snomed), Amoxicillin));
        Assert.Empty(Allergy(Patient().Allergy("91934008", "Allergy to nut", system: CodeSystemUrls.Snomed), Amoxicillin));
    }

    [Fact]
    public void A_sulfonamide_antibiotic_allergy_forbids_sulfamethoxazole_but_not_a_non_antibiotic_sulfonamide()
    {
        var sulfa = Patient().Allergy("10180", "sulfamethoxazole", "sulfa", criticality: "low");
        var bactrim = Assert.Single(Allergy(sulfa, Draft("198335", "sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet")));
        Assert.Equal(Severity.Critical, bactrim.Severity);
        Assert.Empty(Allergy(Patient().Allergy("10180", "sulfamethoxazole", "sulfa"), Draft("313988", "furosemide 40 MG Oral Tablet")));
        Assert.Empty(Allergy(Patient().Allergy("10180", "sulfamethoxazole", "sulfa"), Draft("310798", "hydrochlorothiazide 25 MG Oral Tablet")));
        Assert.Single(Allergy(Patient().Allergy("91939003", "Allergy to sulfonamide", system: CodeSystemUrls.Snomed),
            Draft("198335", "sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet")));
    }

    [Fact]
    public void Nsaid_allergies_the_same_drug_is_direct_another_nsaid_or_aspirin_is_cross_sensitivity()
    {
        var naproxen = Draft("198013", "naproxen 500 MG Oral Tablet");
        var ibuprofen = Draft("197805", "ibuprofen 400 MG Oral Tablet");
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(Patient().Allergy("5640", "ibuprofen"), ibuprofen)).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Allergy(Patient().Allergy("5640", "ibuprofen"), naproxen)).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Allergy(Patient().Allergy("1191", "aspirin"), naproxen)).Severity);
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(Patient().Allergy("1191", "aspirin"), Draft("243670", "aspirin 81 MG Oral Tablet"))).Severity);
        var classAllergy = Patient().Allergy("293619005", "Allergy to non-steroidal anti-inflammatory agent", system: CodeSystemUrls.Snomed);
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(classAllergy, naproxen)).Severity);
        Assert.Empty(Allergy(Patient().Allergy("5640", "ibuprofen"), Draft("198440", "acetaminophen 500 MG Oral Tablet")));
    }

    [Fact]
    public void An_ace_inhibitor_allergy_forbids_ace_inhibitors_and_warns_on_an_arb()
    {
        var aceAllergy = Patient().Allergy("29046", "lisinopril", "ace", reactions: "Angioedema (severe)");
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(aceAllergy, Draft("3827", "enalapril maleate 10 MG Oral Tablet"))).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Allergy(aceAllergy, Draft("979485", "losartan potassium 50 MG Oral Tablet"))).Severity);
        Assert.Empty(Allergy(aceAllergy, Draft("197361", "amlodipine 5 MG Oral Tablet")));
    }

    [Fact]
    public void A_codeine_allergy_is_direct_for_codeine_cross_for_morphine_and_silent_for_fentanyl()
    {
        ContextBuilder Codeine() => Patient().Allergy("2670", "codeine", "codeine", criticality: "low");
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(Codeine(), Draft("993781", "acetaminophen 300 MG / codeine phosphate 30 MG Oral Tablet"))).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Allergy(Codeine(), Draft("892345", "morphine sulfate 15 MG Oral Tablet"))).Severity);
        Assert.Empty(Allergy(Codeine(), Draft("245134", "fentanyl 0.025 MG/HR Transdermal System")));
    }

    [Fact]
    public void A_statin_allergy_warns_on_another_statin_and_an_unlisted_drug_allergy_matches_its_own_ingredient()
    {
        Assert.Equal(Severity.Warning, Assert.Single(Allergy(Patient().Allergy("83367", "atorvastatin"), Draft("859747", "rosuvastatin calcium 10 MG Oral Tablet"))).Severity);
        Assert.Equal(Severity.Critical, Assert.Single(Allergy(Patient().Allergy("28439", "lamotrigine"), Draft("198427", "lamotrigine 25 MG Oral Tablet"))).Severity);
        Assert.Empty(Allergy(Patient().Allergy("28439", "lamotrigine"), Draft("197361", "amlodipine 5 MG Oral Tablet")));
    }

    // (k) A teratogenic draft order in pregnancy

    private static List<Finding> Pregnancy(ContextBuilder patient, DraftOrder draft) =>
        Of(patient.Reason(ReasoningTrigger.OrderSign(draft)), FindingKinds.DrugPregnancy);

    [Fact]
    public void An_ace_inhibitor_draft_in_a_current_pregnancy_is_critical_and_cites_the_pregnancy()
    {
        var finding = Assert.Single(Pregnancy(Patient().Patient(31, "female").Pregnant(), Lisinopril));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/draft-lisinopril", "Condition/pregnancy"], finding.Evidence);
        Assert.Equal(Guidelines.FdaPregnancyLabeling, finding.Source);
        Assert.Equal("MedicationRequest/draft-lisinopril", Assert.Single(finding.SuggestedActions).OrderReference);
    }

    [Fact]
    public void A_recent_pregnant_status_alone_is_a_pregnancy()
    {
        var finding = Assert.Single(Pregnancy(Patient().Patient(28, "female").PregnancyStatus("Pregnant", 30), Draft("855332", "warfarin sodium 5 MG Oral Tablet")));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/draft", "Observation/pregnancy-status"], finding.Evidence);
    }

    [Fact]
    public void A_not_pregnant_status_newer_than_the_pregnancy_outweighs_it_and_an_older_one_does_not()
    {
        Assert.Empty(Pregnancy(Patient().Pregnant(100).PregnancyStatus("Not pregnant", 10), Lisinopril));
        Assert.Single(Pregnancy(Patient().Pregnant(100).PregnancyStatus("Not pregnant", 200), Lisinopril));
        Assert.Empty(Pregnancy(Patient().PregnancyStatus("Not pregnant", 10), Lisinopril));
        Assert.Empty(Pregnancy(Patient().PregnancyStatus("Possible pregnancy", 10), Lisinopril));
    }

    [Fact]
    public void A_pregnancy_begun_42_weeks_ago_is_current_and_an_older_one_asks_to_confirm()
    {
        Assert.Equal(Severity.Critical, Assert.Single(Pregnancy(Patient().Pregnant(294), Lisinopril)).Severity);
        var stale = Assert.Single(Pregnancy(Patient().Pregnant(295), Lisinopril));
        Assert.Equal(Severity.Warning, stale.Severity);
        Assert.Contains("confirm", stale.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Pregnancy(Patient().PregnancyStatus("Pregnant", 294), Lisinopril));
        Assert.Empty(Pregnancy(Patient().PregnancyStatus("Pregnant", 295), Lisinopril));
    }

    [Fact]
    public void A_safe_draft_an_active_teratogen_or_no_pregnancy_does_not_fire()
    {
        Assert.Empty(Pregnancy(Patient().Pregnant(), Draft("198440", "acetaminophen 500 MG Oral Tablet")));
        Assert.Empty(Of(Patient().Pregnant().Lisinopril().Reason(), FindingKinds.DrugPregnancy));
        Assert.Empty(Pregnancy(Patient().Patient(31, "female"), Lisinopril));
        Assert.Empty(Pregnancy(Patient().Problem("72892002", "Normal pregnancy", active: false), Lisinopril));
    }

    [Fact]
    public void Pregnancy_words_count_but_history_ectopic_or_ended_pregnancies_do_not()
    {
        var methotrexate = Draft("105585", "methotrexate 2.5 MG Oral Tablet");
        Assert.Single(Pregnancy(Patient().Problem("999", "Pregnancy, second trimester", onsetDaysAgo: 150), methotrexate));
        Assert.Empty(Pregnancy(Patient().Problem("34801009", "Ectopic pregnancy", onsetDaysAgo: 20), methotrexate));
        Assert.Empty(Pregnancy(Patient().Problem("161732006", "History of pregnancy", onsetDaysAgo: 20), methotrexate));
    }

    [Fact]
    public void A_statin_in_pregnancy_is_a_warning_since_the_2021_label_change()
    {
        Assert.Equal(Severity.Warning, Assert.Single(Pregnancy(Patient().Pregnant(), Draft("617312", "atorvastatin 10 MG Oral Tablet"))).Severity);
        Assert.Equal(Severity.Critical, Assert.Single(Pregnancy(Patient().Pregnant(), Draft("197589", "isotretinoin 40 MG Oral Capsule"))).Severity);
    }

    // (l) Duplicate therapy

    [Fact]
    public void Two_different_statins_active_together_are_a_duplicate()
    {
        var finding = Assert.Single(Of(Patient().Atorvastatin().Medication("312961", "simvastatin 20 MG Oral Tablet", "simvastatin").Reason(),
            FindingKinds.DuplicateTherapy));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["MedicationRequest/atorvastatin", "MedicationRequest/simvastatin"], finding.Evidence);
        Assert.Contains("2 statins (atorvastatin, simvastatin)", finding.Title);
        Assert.Empty(finding.SuggestedActions);
    }

    [Fact]
    public void A_draft_of_a_drug_already_active_is_a_duplicate_that_offers_to_cancel_the_draft()
    {
        var draft = Draft("617311", "atorvastatin 40 MG Oral Tablet", "draft-atorvastatin");
        var finding = Assert.Single(Of(Patient().Atorvastatin().Reason(ReasoningTrigger.OrderSelect(draft)), FindingKinds.DuplicateTherapy));
        Assert.Contains("atorvastatin ordered again", finding.Title);
        Assert.Equal("MedicationRequest/draft-atorvastatin", Assert.Single(finding.SuggestedActions).OrderReference);
    }

    [Fact]
    public void Two_active_strengths_of_one_drug_or_one_drug_per_class_are_not_a_duplicate()
    {
        Assert.Empty(Of(Patient().Warfarin().Medication("855318", "warfarin sodium 1 MG Oral Tablet").Reason(), FindingKinds.DuplicateTherapy));
        Assert.Empty(Of(Patient().Atorvastatin().Lisinopril().Warfarin().Medication("198053", "omeprazole 20 MG Delayed Release Oral Capsule")
            .Medication("312940", "sertraline 50 MG Oral Tablet").Reason(), FindingKinds.DuplicateTherapy));
        Assert.Empty(Of(Patient().Medication("243670", "aspirin 81 MG Oral Tablet").Medication("309362", "clopidogrel 75 MG Oral Tablet").Reason(),
            FindingKinds.DuplicateTherapy));
    }

    [Fact]
    public void Duplicates_are_found_among_anticoagulants_ppis_and_ssris()
    {
        Assert.Single(Of(Patient().Warfarin().Medication("1364430", "apixaban 5 MG Oral Tablet").Reason(), FindingKinds.DuplicateTherapy));
        Assert.Single(Of(Patient().Medication("198053", "omeprazole 20 MG Delayed Release Oral Capsule").Medication("314200", "pantoprazole 40 MG Delayed Release Oral Tablet").Reason(),
            FindingKinds.DuplicateTherapy));
        Assert.Single(Of(Patient().Medication("312940", "sertraline 50 MG Oral Tablet").Reason(ReasoningTrigger.OrderSelect(Draft("310385", "fluoxetine 20 MG Oral Capsule"))),
            FindingKinds.DuplicateTherapy));
    }

    [Fact]
    public void An_ace_inhibitor_with_an_arb_is_dual_raas_blockade_citing_the_blood_pressure_guideline()
    {
        var draft = Draft("979485", "losartan potassium 50 MG Oral Tablet", "draft-losartan");
        var finding = Assert.Single(Of(Patient().Lisinopril().Reason(ReasoningTrigger.OrderSign(draft)), FindingKinds.DuplicateTherapy));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(Guidelines.AccAhaBloodPressure2017, finding.Source);
        Assert.Equal(["MedicationRequest/lisinopril", "MedicationRequest/draft-losartan"], finding.Evidence);
        Assert.Equal("MedicationRequest/draft-losartan", Assert.Single(finding.SuggestedActions).OrderReference);
    }

    [Fact]
    public void Sacubitril_valsartan_with_an_ace_inhibitor_is_critical()
    {
        var draft = Draft("1656340", "sacubitril 24 MG / valsartan 26 MG Oral Tablet", "draft-arni");
        var finding = Assert.Single(Of(Patient().Lisinopril().Reason(ReasoningTrigger.OrderSign(draft)), FindingKinds.DuplicateTherapy));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(Guidelines.AhaAccHfsaHeartFailure2022, finding.Source);
        Assert.Empty(Of(Patient().Reason(ReasoningTrigger.OrderSign(draft)), FindingKinds.DuplicateTherapy));
    }
}
