using SmartReasoning.Compile;
using SmartReasoning.Reason;

namespace SmartReasoning.Tests.Reason;

/// <summary>Each guideline rule on hand-made patients: it fires, it does not fire, and at its boundary.</summary>
public sealed class GuidelineRuleTests
{
    private static ContextBuilder Patient() => new();

    private static List<Finding> Of(IReadOnlyList<Finding> findings, FindingKind kind) => [.. findings.Where(f => f.Kind == kind)];

    // (a) Metformin and eGFR

    [Fact]
    public void Metformin_with_egfr_below_30_is_critical_and_cites_the_drug_and_the_result()
    {
        var finding = Assert.Single(Of(Patient().Diabetes().Metformin().Egfr((400, 50), (10, 28)).Reason(), FindingKinds.DrugRenal));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/metformin", "Observation/33914-3-10"], finding.Evidence);
        Assert.Equal(Guidelines.FdaMetforminRenal, finding.Source);
        Assert.Equal(GuidelineReasoner.Name, finding.Reasoner);
    }

    [Fact]
    public void Metformin_with_egfr_between_30_and_45_is_a_warning_and_30_itself_is_not_critical()
    {
        Assert.Equal(Severity.Warning, Assert.Single(Of(Patient().Metformin().Egfr((10, 38)).Reason(), FindingKinds.DrugRenal)).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Of(Patient().Metformin().Egfr((10, 30)).Reason(), FindingKinds.DrugRenal)).Severity);
        Assert.Equal(Severity.Critical, Assert.Single(Of(Patient().Metformin().Egfr((10, 29.9)).Reason(), FindingKinds.DrugRenal)).Severity);
    }

    [Fact]
    public void Metformin_with_egfr_of_45_or_an_earlier_low_value_does_not_fire()
    {
        Assert.Empty(Of(Patient().Metformin().Egfr((10, 45)).Reason(), FindingKinds.DrugRenal));
        Assert.Empty(Of(Patient().Metformin().Egfr((200, 25), (10, 70)).Reason(), FindingKinds.DrugRenal));
        Assert.Empty(Of(Patient().Egfr((10, 20)).Reason(), FindingKinds.DrugRenal));
    }

    [Fact]
    public void Metformin_matched_by_the_ingredient_in_the_display_when_the_code_is_another()
    {
        var findings = Patient().Medication("999999", "Metformin Hydrochloride 850 MG Oral Tablet", "m850", system: null).Egfr((10, 25)).Reason();
        Assert.Equal(Severity.Critical, Assert.Single(Of(findings, FindingKinds.DrugRenal)).Severity);
        Assert.Empty(Of(Patient().Medication("1", "Nonmetforminlike tablet", "x").Egfr((10, 25)).Reason(), FindingKinds.DrugRenal));
    }

    [Fact]
    public void A_draft_metformin_order_at_low_egfr_suggests_cancelling_it()
    {
        var draft = new DraftOrder("MedicationRequest/draft-1", new ClinicalCode(CodeSystemUrls.RxNorm, "860975", "metformin ER 500 MG"), "1000 mg daily");
        var finding = Assert.Single(Of(Patient().Egfr((10, 25)).Reason(ReasoningTrigger.OrderSign(draft)), FindingKinds.DrugRenal));
        var action = Assert.Single(finding.SuggestedActions);
        Assert.Equal(SuggestedActionKind.CancelDraftOrder, action.Kind);
        Assert.Equal("MedicationRequest/draft-1", action.OrderReference);
        Assert.Contains("MedicationRequest/draft-1", finding.Evidence);
    }

    // (b) Anticoagulant with an NSAID or antiplatelet

    [Fact]
    public void Warfarin_with_an_active_nsaid_is_critical_and_cites_both()
    {
        var finding = Assert.Single(Of(Patient().Warfarin().Medication("197805", "ibuprofen 400 MG Oral Tablet", "ibuprofen").Reason(), FindingKinds.DrugInteraction));
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/warfarin", "MedicationRequest/ibuprofen"], finding.Evidence);
    }

    [Fact]
    public void A_doac_with_a_draft_antiplatelet_order_is_a_warning_that_offers_to_cancel_the_draft()
    {
        var draft = new DraftOrder("MedicationRequest/draft-clopidogrel", new ClinicalCode(CodeSystemUrls.RxNorm, "309362", "clopidogrel 75 MG Oral Tablet"));
        var finding = Assert.Single(Of(Patient().Medication("1364430", "apixaban 5 MG Oral Tablet", "apixaban").Reason(ReasoningTrigger.OrderSelect(draft)),
            FindingKinds.DrugInteraction));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("MedicationRequest/draft-clopidogrel", Assert.Single(finding.SuggestedActions).OrderReference);
    }

    [Fact]
    public void An_nsaid_without_an_anticoagulant_or_an_anticoagulant_with_acetaminophen_does_not_fire()
    {
        Assert.Empty(Of(Patient().Medication("197805", "ibuprofen 400 MG Oral Tablet").Reason(), FindingKinds.DrugInteraction));
        Assert.Empty(Of(Patient().Warfarin().Medication("198440", "acetaminophen 500 MG Oral Tablet").Reason(), FindingKinds.DrugInteraction));
    }

    // (c) Potassium-raising drugs with potassium above 5.5

    [Fact]
    public void An_ace_inhibitor_with_potassium_above_5_5_fires()
    {
        var finding = Assert.Single(Of(Patient().Lisinopril().Lab("2823-3", "mmol/L", (5, 5.8)).Reason(), FindingKinds.DrugLab));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["MedicationRequest/lisinopril", "Observation/2823-3-5"], finding.Evidence);
        Assert.Equal(Severity.Critical,
            Assert.Single(Of(Patient().Medication("313096", "spironolactone 25 MG Oral Tablet").Lab("6298-4", "mmol/L", (5, 6.4)).Reason(), FindingKinds.DrugLab)).Severity);
    }

    [Fact]
    public void Potassium_of_exactly_5_5_or_no_potassium_raising_drug_does_not_fire()
    {
        Assert.Empty(Of(Patient().Lisinopril().Lab("2823-3", "mmol/L", (5, 5.5)).Reason(), FindingKinds.DrugLab));
        Assert.Empty(Of(Patient().Medication("197361", "amlodipine 5 MG Oral Tablet").Lab("2823-3", "mmol/L", (5, 6.2)).Reason(), FindingKinds.DrugLab));
        Assert.Single(Of(Patient().Medication("1656340", "sacubitril 24 MG / valsartan 26 MG Oral Tablet").Lab("2823-3", "mmol/L", (5, 5.6)).Reason(), FindingKinds.DrugLab));
    }

    // (d) eGFR below 60 for more than 3 months without CKD on the problem list

    [Fact]
    public void Egfr_below_60_for_more_than_3_months_without_ckd_suggests_adding_the_stage()
    {
        var finding = Assert.Single(Of(Patient().Egfr((300, 72), (200, 55), (100, 50), (5, 41)).Reason(), FindingKinds.UndocumentedCondition));
        Assert.Equal(["Observation/33914-3-200", "Observation/33914-3-100", "Observation/33914-3-5"], finding.Evidence);
        var add = Assert.Single(finding.SuggestedActions, a => a.Kind == SuggestedActionKind.AddProblem);
        Assert.Equal("700379002", add.Code!.Code);
    }

    [Fact]
    public void Egfr_low_for_exactly_90_days_or_with_ckd_on_the_problem_list_does_not_fire()
    {
        Assert.Empty(Of(Patient().Egfr((95, 50), (5, 50)).Reason(), FindingKinds.UndocumentedCondition));
        Assert.Single(Of(Patient().Egfr((96, 50), (5, 50)).Reason(), FindingKinds.UndocumentedCondition));
        Assert.Empty(Of(Patient().Problem("700378005", "Chronic kidney disease stage 3A").Egfr((300, 50), (5, 50)).Reason(), FindingKinds.UndocumentedCondition));
        Assert.Empty(Of(Patient().Egfr((300, 50), (150, 65), (5, 50)).Reason(), FindingKinds.UndocumentedCondition));
    }

    // (e) HbA1c at or above 9%, or rising 1 point a year, in diabetes

    [Fact]
    public void HbA1c_of_9_in_diabetes_fires_and_8_9_does_not()
    {
        var finding = Assert.Single(Of(Patient().Diabetes().Lab("4548-4", "%", (30, 9.0)).Reason(), FindingKinds.AboveTarget));
        Assert.Equal(["Condition/diabetes", "Observation/4548-4-30"], finding.Evidence);
        Assert.Empty(Of(Patient().Diabetes().Lab("4548-4", "%", (30, 8.9)).Reason(), FindingKinds.AboveTarget));
        Assert.Empty(Of(Patient().Lab("4548-4", "%", (30, 10.2)).Reason(), FindingKinds.AboveTarget));
    }

    [Fact]
    public void HbA1c_rising_a_point_a_year_in_diabetes_fires_and_a_slower_rise_does_not()
    {
        var rising = Patient().Diabetes().Lab("4548-4", "%", (395, 7.0), (200, 7.5), (30, 8.1)).Reason();
        Assert.Contains("rising", Assert.Single(Of(rising, FindingKinds.AboveTarget)).Title);
        Assert.Empty(Of(Patient().Diabetes().Lab("4548-4", "%", (395, 7.0), (30, 7.8)).Reason(), FindingKinds.AboveTarget));
    }

    // (f) HbA1c overdue

    [Fact]
    public void HbA1c_older_than_6_months_in_diabetes_suggests_ordering_one()
    {
        var finding = Assert.Single(Of(Patient().Diabetes().Lab("4548-4", "%", (200, 7.1)).Reason(), FindingKinds.OverdueMonitoring));
        Assert.Equal("4548-4", Assert.Single(finding.SuggestedActions).Code!.Code);
        Assert.Single(Of(Patient().Diabetes().Reason(), FindingKinds.OverdueMonitoring));
    }

    [Fact]
    public void HbA1c_exactly_6_months_old_or_no_diabetes_is_not_overdue()
    {
        var sixMonths = (int)(ContextBuilder.AsOf - ContextBuilder.AsOf.AddMonths(-6)).TotalDays;
        Assert.Empty(Of(Patient().Diabetes().Lab("4548-4", "%", (sixMonths, 7.1)).Reason(), FindingKinds.OverdueMonitoring));
        Assert.Single(Of(Patient().Diabetes().Lab("4548-4", "%", (sixMonths + 1, 7.1)).Reason(), FindingKinds.OverdueMonitoring));
        Assert.Empty(Of(Patient().Lab("4548-4", "%", (400, 7.1)).Reason(), FindingKinds.OverdueMonitoring));
    }

    // (g) Atrial fibrillation without anticoagulant

    [Fact]
    public void Af_in_a_man_with_cha2ds2_vasc_2_and_no_anticoagulant_fires()
    {
        var finding = Assert.Single(Of(Patient().Patient(66, "male").AtrialFibrillation().Hypertension().Reason(), FindingKinds.MissingTherapy));
        Assert.Contains("CHA2DS2-VASc 2", finding.Title);
        Assert.Equal(["Condition/af", "Condition/hypertension", "Patient/p1"], finding.Evidence);
    }

    [Fact]
    public void Af_in_a_woman_needs_a_score_of_3()
    {
        Assert.Empty(Of(Patient().Patient(66, "female").AtrialFibrillation().Reason(), FindingKinds.MissingTherapy));
        Assert.Single(Of(Patient().Patient(66, "female").AtrialFibrillation().Hypertension().Reason(), FindingKinds.MissingTherapy));
    }

    [Fact]
    public void Af_with_a_low_score_or_an_anticoagulant_does_not_fire()
    {
        Assert.Empty(Of(Patient().Patient(64, "male").AtrialFibrillation().Hypertension().Reason(), FindingKinds.MissingTherapy));
        Assert.Empty(Of(Patient().Patient(80, "male").AtrialFibrillation().Warfarin().Reason(), FindingKinds.MissingTherapy));
        Assert.Empty(Of(Patient().Patient(80, "male").AtrialFibrillation().Medication("1", "aspirin 81 MG Oral Tablet").Warfarin().Reason(), FindingKinds.MissingTherapy));
    }

    // (h) Statin indicated and none active

    [Fact]
    public void Diabetes_at_40_to_75_ldl_of_190_or_ascvd_without_a_statin_fires()
    {
        Assert.Single(Of(Patient().Patient(40, "female").Diabetes().Lab("4548-4", "%", (10, 7)).Reason(), FindingKinds.MissingTherapy));
        Assert.Single(Of(Patient().Patient(75, "female").Diabetes().Lab("4548-4", "%", (10, 7)).Reason(), FindingKinds.MissingTherapy));
        Assert.Single(Of(Patient().Patient(30, "male").Lab("13457-7", "mg/dL", (10, 190)).Reason(), FindingKinds.MissingTherapy));
        Assert.Single(Of(Patient().Patient(50, "male").Problem("53741008", "Coronary arteriosclerosis").Reason(), FindingKinds.MissingTherapy));
    }

    [Fact]
    public void A_statin_or_no_indication_does_not_fire()
    {
        Assert.Empty(Of(Patient().Patient(60, "male").Diabetes().Atorvastatin().Lab("4548-4", "%", (10, 7)).Reason(), FindingKinds.MissingTherapy));
        Assert.Empty(Of(Patient().Patient(76, "male").Diabetes().Lab("4548-4", "%", (10, 7)).Reason(), FindingKinds.MissingTherapy));
        Assert.Empty(Of(Patient().Patient(39, "male").Diabetes().Lab("4548-4", "%", (10, 7)).Reason(), FindingKinds.MissingTherapy));
        Assert.Empty(Of(Patient().Patient(30, "male").Lab("13457-7", "mg/dL", (10, 189)).Reason(), FindingKinds.MissingTherapy));
    }

    // (i) Blood pressure above 130/80 on the mean of the last three readings

    [Fact]
    public void Hypertension_with_a_mean_of_the_last_three_readings_above_130_80_fires()
    {
        var findings = Patient().Patient(50, "male").Hypertension()
            .Vital("8480-6", "mmHg", (400, 110), (60, 136), (30, 132), (5, 131))
            .Vital("8462-4", "mmHg", (400, 70), (60, 78), (30, 76), (5, 79)).Reason();
        var finding = Assert.Single(Of(findings, FindingKinds.AboveTarget));
        Assert.Contains("133/78", finding.Title);
        Assert.DoesNotContain("Observation/8480-6-400", finding.Evidence);
    }

    [Fact]
    public void A_mean_of_exactly_130_80_fewer_than_three_readings_or_no_hypertension_does_not_fire()
    {
        ContextBuilder Readings(ContextBuilder b, double s3) => b
            .Vital("8480-6", "mmHg", (60, 128), (30, 132), (5, s3))
            .Vital("8462-4", "mmHg", (60, 80), (30, 80), (5, 80));
        Assert.Empty(Of(Readings(Patient().Hypertension(), 130).Reason(), FindingKinds.AboveTarget));
        Assert.Single(Of(Readings(Patient().Hypertension(), 131).Reason(), FindingKinds.AboveTarget));
        Assert.Empty(Of(Readings(Patient(), 160).Reason(), FindingKinds.AboveTarget));
        Assert.Empty(Of(Patient().Hypertension().Vital("8480-6", "mmHg", (30, 160), (5, 160)).Vital("8462-4", "mmHg", (30, 95), (5, 95)).Reason(),
            FindingKinds.AboveTarget));
    }
}

/// <summary>The QT-prolonging combination rule.</summary>
public sealed class QtProlongingRuleTests
{
    private static List<Finding> Qt(IReadOnlyList<Finding> findings) => [.. findings.Where(f => f.Source == Guidelines.CredibleMedsQtDrugs)];

    [Fact]
    public void Two_qt_prolonging_drugs_fire_and_a_draft_one_is_offered_for_cancelling()
    {
        var draft = new DraftOrder("MedicationRequest/draft-azithro", new ClinicalCode(CodeSystemUrls.RxNorm, "308460", "azithromycin 250 MG Oral Tablet"));
        var finding = Assert.Single(Qt(new ContextBuilder().Medication("2556", "citalopram 20 MG Oral Tablet", "citalopram").Reason(ReasoningTrigger.OrderSelect(draft))));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(["MedicationRequest/citalopram", "MedicationRequest/draft-azithro"], finding.Evidence);
        Assert.Equal("MedicationRequest/draft-azithro", Assert.Single(finding.SuggestedActions).OrderReference);
    }

    [Fact]
    public void One_qt_prolonging_drug_or_one_with_a_drug_of_no_known_risk_does_not_fire()
    {
        Assert.Empty(Qt(new ContextBuilder().Medication("2556", "citalopram 20 MG Oral Tablet").Reason()));
        Assert.Empty(Qt(new ContextBuilder().Medication("2556", "citalopram 20 MG Oral Tablet").Medication("312940", "sertraline 50 MG Oral Tablet").Reason()));
        Assert.Empty(Qt(new ContextBuilder().Medication("200371", "citalopram 20 MG Oral Tablet").Medication("200373", "Citalopram 40 MG Oral Tablet").Reason()));
    }
}
