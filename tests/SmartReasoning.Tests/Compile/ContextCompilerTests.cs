using SmartReasoning.Compile;

namespace SmartReasoning.Tests.Compile;

public sealed class ContextCompilerTests
{
    private static LongitudinalContext Compile(params string[] json) => new ContextCompiler().Compile(Fhir.Parse(json), asOf: Fhir.AsOf);

    [Fact]
    public void Series_statistics_give_latest_previous_min_max_and_change_per_year()
    {
        var context = Compile(
            Fhir.Quantity("g1", "2345-7", "2020-01-01", 100, "mg/dL"),
            Fhir.Quantity("g2", "2345-7", "2021-01-01", 110, "mg/dL"),
            Fhir.Quantity("g4", "2345-7", "2023-01-01", 120, "mg/dL"),
            Fhir.Quantity("g3", "2345-7", "2022-01-01", 90, "mg/dL"));

        var series = Assert.Single(context.Labs);
        var s = series.Statistics;
        Assert.Equal([100.0, 110, 90, 120], series.Points.Select(p => p.Value));
        Assert.Equal(120, s.Latest.Value);
        Assert.Equal(["Observation/g4"], s.Latest.Sources);
        Assert.Equal(90, s.Previous!.Value);
        Assert.Equal(90, s.Min.Value);
        Assert.Equal(120, s.Max.Value);
        // Least squares over x = 0, 1, 2, 3 years: slope = 20 / 5 = 4 a year (the calendar's leap day moves it a little).
        Assert.InRange(s.ChangePerYear!.Value, 3.95, 4.05);
        Assert.Equal(365, s.SinceLatest.TotalDays);
    }

    [Fact]
    public void A_single_point_has_no_previous_and_no_change_per_year()
    {
        var s = Assert.Single(Compile(Fhir.Quantity("g1", "2345-7", "2020-01-01", 100, "mg/dL")).Labs).Statistics;

        Assert.Null(s.Previous);
        Assert.Null(s.ChangePerYear);
    }

    [Fact]
    public void Glucose_in_mg_per_dl_and_mmol_per_l_is_one_series_in_mg_per_dl()
    {
        var context = Compile(
            Fhir.Quantity("a", "2345-7", "2020-01-01", 99, "mg/dL"),
            Fhir.Quantity("b", "2345-7", "2021-01-01", 5.5, "mmol/L"));

        var series = Assert.Single(context.Labs);
        Assert.Equal("mg/dL", series.Unit);
        Assert.Equal(99, series.Points[0].Value);
        Assert.Equal(99.09, series.Points[1].Value, 2);
    }

    [Theory]
    [InlineData("4548-4", 53, "mmol/mol", 7.0, "%")]
    [InlineData("2160-0", 88.42, "umol/L", 1.0, "mg/dL")]
    [InlineData("2093-3", 5.0, "mmol/L", 193.35, "mg/dL")]
    [InlineData("18262-6", 2.6, "mmol/L", 100.54, "mg/dL")]
    [InlineData("29463-7", 150, "[lb_av]", 68.04, "kg")]
    [InlineData("8302-2", 70, "[in_i]", 177.8, "cm")]
    [InlineData("8310-5", 98.6, "[degF]", 37.0, "Cel")]
    [InlineData("2823-3", 4.1, "mEq/L", 4.1, "mmol/L")]
    public void Common_unit_pairs_convert_to_the_series_unit(string loinc, double value, string unit, double expected, string expectedUnit)
    {
        var (converted, convertedUnit) = UnitNormalisation.Normalise(loinc, value, unit);

        Assert.Equal(expected, converted, 1);
        Assert.Equal(expectedUnit, convertedUnit);
    }

    [Fact]
    public void An_unknown_code_keeps_its_unit_and_a_different_unit_is_another_series()
    {
        var context = Compile(
            Fhir.Quantity("a", "99999-9", "2020-01-01", 1, "mmol/L"),
            Fhir.Quantity("b", "99999-9", "2021-01-01", 18, "mg/dL"));

        Assert.Equal(["mg/dL", "mmol/L"], context.Labs.Select(s => s.Unit).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Duplicate_measurements_are_merged_keeping_both_sources()
    {
        var context = Compile(
            Fhir.Quantity("first", "2345-7", "2020-01-01T08:00:00Z", 101, "mg/dL"),
            Fhir.Quantity("second", "2345-7", "2020-01-01T08:00:00Z", 101, "mg/dL"),
            Fhir.Quantity("other", "2345-7", "2020-01-01T08:00:00Z", 140, "mg/dL"));

        var series = Assert.Single(context.Labs);
        Assert.Equal(2, series.Points.Count);
        Assert.Equal(["Observation/first", "Observation/second"], series.Points[0].Sources);
        Assert.Equal(["Observation/other"], series.Points[1].Sources);
    }

    [Fact]
    public void Duplicate_conditions_are_one_problem_citing_both()
    {
        var condition = """{"resourceType":"Condition","id":"ID","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}]},"onsetDateTime":"2010-05-01"}""";

        var context = Compile(condition.Replace("ID", "c1", StringComparison.Ordinal), condition.Replace("ID", "c2", StringComparison.Ordinal));

        Assert.Equal(["Condition/c1", "Condition/c2"], Assert.Single(context.Problems).Sources);
    }

    [Fact]
    public void Entered_in_error_refuted_and_cancelled_records_are_excluded()
    {
        var context = Compile(
            Fhir.Quantity("ok", "2345-7", "2020-01-01", 100, "mg/dL"),
            Fhir.Quantity("wrong", "2345-7", "2020-02-01", 300, "mg/dL", status: "entered-in-error"),
            Fhir.Quantity("cancelled", "2345-7", "2020-03-01", 300, "mg/dL", status: "cancelled"),
            """{"resourceType":"Condition","id":"refuted","verificationStatus":{"coding":[{"code":"refuted"}]},"code":{"text":"Asthma"}}""",
            """{"resourceType":"Condition","id":"eie","verificationStatus":{"coding":[{"code":"entered-in-error"}]},"code":{"text":"Gout"}}""",
            """{"resourceType":"MedicationRequest","id":"mr","status":"cancelled","intent":"order","medicationCodeableConcept":{"text":"Aspirin"}}""",
            """{"resourceType":"MedicationRequest","id":"mr2","status":"entered-in-error","intent":"order","medicationCodeableConcept":{"text":"Aspirin"}}""",
            """{"resourceType":"Encounter","id":"e","status":"cancelled","class":{"code":"AMB"}}""");

        Assert.Equal(7, context.ExcludedRecords);
        Assert.Equal(["Observation/ok"], Assert.Single(context.Labs).Points.SelectMany(p => p.Sources));
        Assert.Empty(context.Problems);
        Assert.Empty(context.Medications);
        Assert.Empty(context.Timeline);
    }

    [Fact]
    public void Blood_pressure_panel_becomes_a_systolic_and_a_diastolic_series()
    {
        var context = Compile("""
            {"resourceType":"Observation","id":"bp","status":"final",
             "category":[{"coding":[{"code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2023-06-01",
             "component":[
               {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6","display":"Systolic"}]},"valueQuantity":{"value":142,"unit":"mm[Hg]"}},
               {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4","display":"Diastolic"}]},"valueQuantity":{"value":91,"unit":"mm[Hg]"}}]}
            """);

        Assert.Equal(["8462-4", "8480-6"], context.Vitals.Select(s => s.Code.Code!).Order(StringComparer.Ordinal));
        Assert.Equal(142, context.Vitals.Single(s => s.Code.Code == "8480-6").Statistics.Latest.Value);
        Assert.Equal(91, context.Vitals.Single(s => s.Code.Code == "8462-4").Statistics.Latest.Value);
        Assert.All(context.Vitals, s => Assert.Equal(["Observation/bp"], s.Statistics.Latest.Sources));
    }

    [Theory]
    [InlineData("2024-06-14", 43)]
    [InlineData("2024-06-15", 44)]
    public void Age_is_whole_years_at_the_context_date_and_sex_is_the_administrative_gender(string asOf, int age)
    {
        var patient = Fhir.Parse("""{"resourceType":"Patient","id":"p","name":[{"family":"Chalmers"}],"gender":"female","birthDate":"1980-06-15"}""");

        var context = new ContextCompiler().Compile([patient], asOf: DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(age, context.Demographics!.AgeYears);
        Assert.Equal("female", context.Demographics.Sex);
        Assert.Equal(["Patient/p"], context.Demographics.Sources);
    }

    [Fact]
    public void A_deceased_patient_is_aged_at_death()
    {
        var patient = Fhir.Parse("""{"resourceType":"Patient","id":"p","birthDate":"1900-03-01","deceasedDateTime":"1979-11-07T10:00:00Z"}""");

        var demographics = new ContextCompiler().Compile([patient], asOf: Fhir.AsOf).Demographics!;

        Assert.Equal(79, demographics.AgeYears);
        Assert.True(demographics.Deceased);
        Assert.Equal(new DateTimeOffset(1979, 11, 7, 10, 0, 0, TimeSpan.Zero), demographics.DeceasedOn);
    }

    [Fact]
    public void The_context_date_defaults_to_now_from_the_time_provider()
    {
        var clock = new FixedTime(new DateTimeOffset(2030, 6, 15, 0, 0, 0, TimeSpan.Zero));
        var patient = Fhir.Parse("""{"resourceType":"Patient","id":"p","birthDate":"1980-06-15"}""");

        var context = new ContextCompiler(clock).Compile([patient]);

        Assert.Equal(50, context.Demographics!.AgeYears);
    }

    [Fact]
    public void Active_problems_come_before_resolved_ones_with_onset_and_abatement()
    {
        var context = Compile(
            """{"resourceType":"Condition","id":"old","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"coding":[{"code":"444814009","display":"Viral sinusitis"}]},"onsetDateTime":"2019-01-10","abatementDateTime":"2019-01-24"}""",
            """{"resourceType":"Condition","id":"dm","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"code":"44054006","display":"Diabetes"}]},"onsetDateTime":"2015-03-01"}""");

        Assert.Equal(["Diabetes", "Viral sinusitis"], context.Problems.Select(p => p.Code.Display));
        Assert.True(context.Problems[0].IsActive);
        Assert.False(context.Problems[1].IsActive);
        Assert.Equal(new DateTimeOffset(2019, 1, 24, 0, 0, 0, TimeSpan.Zero), context.Problems[1].Abatement);
        Assert.Equal(new DateTimeOffset(2015, 3, 1, 0, 0, 0, TimeSpan.Zero), context.Problems[0].Onset);
    }

    [Fact]
    public void Medication_is_resolved_from_a_referenced_medication_that_comes_later_and_from_a_contained_one()
    {
        var context = Compile(
            """{"resourceType":"MedicationRequest","id":"mr","status":"active","intent":"order","medicationReference":{"reference":"Medication/met"},"authoredOn":"2018-02-01","dosageInstruction":[{"text":"500 mg twice daily"}]}""",
            """{"resourceType":"MedicationStatement","id":"ms","status":"active","medicationReference":{"reference":"#c"},"effectivePeriod":{"start":"2019-03-01"},"contained":[{"resourceType":"Medication","id":"c","code":{"coding":[{"code":"197361","display":"Amlodipine 5 MG"}]}}]}""",
            """{"resourceType":"MedicationRequest","id":"stopped","status":"stopped","intent":"order","medicationCodeableConcept":{"text":"Old drug"}}""",
            """{"resourceType":"Medication","id":"met","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"Metformin 500 MG"}]}}""");

        Assert.Equal(["Amlodipine 5 MG", "Metformin 500 MG"], context.Medications.Select(m => m.Medication.Display));
        var metformin = context.Medications[1];
        Assert.Equal(["MedicationRequest/mr", "Medication/met"], metformin.Sources);
        Assert.Equal("500 mg twice daily", metformin.Dose);
        Assert.Equal(new DateTimeOffset(2018, 2, 1, 0, 0, 0, TimeSpan.Zero), metformin.Start);
        Assert.Equal(["MedicationStatement/ms"], context.Medications[0].Sources);
    }

    [Fact]
    public void Abnormal_flags_come_from_interpretation_or_the_reference_range()
    {
        var context = Compile(
            Fhir.Quantity("high", "2823-3", "2020-01-01", 5.9, "mmol/L", extra: ""","referenceRange":[{"low":{"value":3.5,"unit":"mmol/L"},"high":{"value":5.1,"unit":"mmol/L"}}]"""),
            Fhir.Quantity("normal", "2823-3", "2021-01-01", 4.2, "mmol/L", extra: ""","referenceRange":[{"low":{"value":3.5,"unit":"mmol/L"},"high":{"value":5.1,"unit":"mmol/L"}}]"""),
            Fhir.Quantity("low", "2823-3", "2022-01-01", 4.0, "mmol/L", extra: ""","interpretation":[{"coding":[{"code":"L"}]}]"""));

        var series = Assert.Single(context.Labs);
        Assert.Equal(["H", null, "L"], series.Points.Select(p => p.Flag));
        Assert.Equal(2, series.Statistics.AbnormalCount);
    }

    [Fact]
    public void Allergies_carry_criticality_and_reactions_and_high_criticality_comes_first()
    {
        var context = Compile(
            """{"resourceType":"AllergyIntolerance","id":"a1","criticality":"low","code":{"text":"Dust mites"},"recordedDate":"2020-01-01"}""",
            """{"resourceType":"AllergyIntolerance","id":"a2","criticality":"high","code":{"coding":[{"code":"7980","display":"Penicillin"}]},"reaction":[{"manifestation":[{"text":"Anaphylaxis"}],"severity":"severe"}]}""");

        Assert.Equal(["Penicillin", "Dust mites"], context.Allergies.Select(a => a.Substance.Display));
        Assert.Equal(["Anaphylaxis (severe)"], context.Allergies[0].Reactions);
        Assert.Equal("high", context.Allergies[0].Criticality);
    }

    [Fact]
    public void Encounters_procedures_and_immunizations_are_on_the_timeline_most_recent_first()
    {
        var context = Compile(
            """{"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"},"type":[{"text":"Check up"}],"period":{"start":"2022-05-01T09:00:00Z","end":"2022-05-01T09:30:00Z"}}""",
            """{"resourceType":"Procedure","id":"p1","status":"completed","code":{"text":"Colonoscopy"},"performedDateTime":"2023-02-01"}""",
            """{"resourceType":"Immunization","id":"i1","status":"completed","vaccineCode":{"coding":[{"code":"140","display":"Influenza"}]},"occurrenceDateTime":"2023-10-01"}""");

        Assert.Equal(["procedure", "encounter"], context.Timeline.Select(t => t.Kind));
        Assert.Equal("Check up", context.Timeline[1].What.Display);
        Assert.Equal(["Immunization/i1"], Assert.Single(context.Immunizations).Sources);
    }

    [Fact]
    public void A_coded_observation_gives_its_latest_value_and_how_often_it_was_recorded()
    {
        const string Smoking = """{"resourceType":"Observation","id":"ID","status":"final","category":[{"coding":[{"code":"social-history"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"72166-2","display":"Tobacco smoking status"}]},"effectiveDateTime":"DATE","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"CODE","display":"VALUE"}]}}""";
        string Make(string id, string date, string code, string value) => Smoking.Replace("ID", id, StringComparison.Ordinal).Replace("DATE", date, StringComparison.Ordinal)
            .Replace("CODE", code, StringComparison.Ordinal).Replace("VALUE", value, StringComparison.Ordinal);

        var context = Compile(Make("new", "2022-01-01", "8517006", "Ex-smoker"), Make("old", "2015-01-01", "77176002", "Smoker"));

        var finding = Assert.Single(context.Findings);
        Assert.Equal("Ex-smoker", finding.Value);
        Assert.Equal(2, finding.Count);
        Assert.Equal(["Observation/new"], finding.Sources);
        Assert.Contains("- Tobacco smoking status (72166-2): Ex-smoker on 2022-01-01 (recorded 2 times) [Observation/new]", ContextRenderer.Render(context).Text, StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
