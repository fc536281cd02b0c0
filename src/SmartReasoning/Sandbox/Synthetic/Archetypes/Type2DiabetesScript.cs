namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Type 2 diabetes found at a check-up (HbA1c just under 7%), metformin from day one, a statin, then years of
/// six-monthly reviews in which the HbA1c climbs past 9% despite glipizide; hypertension joins halfway.
/// </summary>
internal sealed class Type2DiabetesScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.Type2Diabetes;
    public override int MinAge => 48;
    public override int MaxAge => 66;
    public override int MinHistoryYears => 8;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(163, 5) : random.Normal(177, 6), 1);
        var weight0 = random.Between(30.5, 34) * (height / 100) * (height / 100);
        var a1cStart = random.Between(6.6, 6.95);
        var a1cEnd = random.Between(9.3, 10.4);
        double A1c(DateOnly date) => Care.Lerp(a1cStart, a1cEnd, r.Progress(date)) + random.Normal(0, 0.1);
        double Weight(DateOnly date) => weight0 + 4 * r.Progress(date);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 131, 83, weight0, height));
        r.Coded(first, Loinc.SmokingStatus, random.Chance(0.7) ? ClinicalCodes.NeverSmoker : ClinicalCodes.FormerSmoker);
        r.Report(first, Loinc.HbA1c, a1cStart);
        Care.MetabolicPanel(r, first, random.Normal(0.9, 0.05), glucose: random.Normal(146, 8));
        Care.LipidPanel(r, first, random.Normal(132, 8), random.Normal(42, 3), random.Normal(190, 20));
        var diabetes = r.Problem(Problems.Type2Diabetes, first);
        r.Problem(Problems.Obesity, first);
        r.Prescribe(RxNorm.Metformin, first, diabetes);

        var review = r.Visit(PatientRecord.Weekday(r.HistoryStart.AddMonths(3)), EncounterKind.FollowUp, Problems.Type2Diabetes);
        r.Vitals(review, Care.Adult(r, 130, 82, Weight(review.Date), height));
        r.Prescribe(RxNorm.Atorvastatin, review, diabetes);

        var hypertensionAt = random.Between(0.4, 0.55);
        var glipizideAt = random.Between(0.6, 0.7);
        string? hypertension = null;
        var glipizide = false;
        var n = 0;
        foreach (var date in r.Every(6, r.HistoryStart.AddMonths(6)))
        {
            var p = r.Progress(date);
            var visit = r.Visit(date, EncounterKind.FollowUp, Problems.Type2Diabetes);
            var systolic = hypertension is not null ? 134 : p >= hypertensionAt ? 148 : Care.Lerp(128, 138, p);
            r.Vitals(visit, Care.Adult(r, systolic, systolic * 0.62, Weight(date), height));
            var a1c = A1c(date);
            r.Report(visit, Loinc.HbA1c, a1c);
            if (n++ % 2 == 1)
            {
                Care.MetabolicPanel(r, visit, random.Normal(0.92, 0.05), glucose: 35 * a1c - 95 + random.Normal(0, 10));
                Care.LipidPanel(r, visit, random.Normal(88, 8), random.Normal(43, 3), random.Normal(175, 20));
                r.Report(visit, Loinc.UrineAlbuminCreatinine, Care.Lerp(12, 48, p) + random.Normal(0, 3));
            }
            if (hypertension is null && p >= hypertensionAt)
            {
                hypertension = r.Problem(Problems.Hypertension, visit);
                r.Prescribe(RxNorm.Lisinopril10, visit, hypertension);
            }
            if (!glipizide && p >= glipizideAt)
            {
                glipizide = true;
                r.Prescribe(RxNorm.Glipizide, visit, diabetes, note: "HbA1c above goal on metformin alone; add sulfonylurea.");
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.7);
    }
}
