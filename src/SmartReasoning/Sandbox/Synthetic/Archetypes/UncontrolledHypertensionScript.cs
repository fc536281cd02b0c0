namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// A smoker with obesity whose blood pressure is above 140/90 at every visit for years: lisinopril, then
/// amlodipine, then a higher lisinopril dose, and readings still climbing into the 150s–170s.
/// </summary>
internal sealed class UncontrolledHypertensionScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.UncontrolledHypertension;
    public override int MinAge => 45;
    public override int MaxAge => 64;
    public override int MinHistoryYears => 6;
    public override int MaxHistoryYears => 12;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(164, 5) : random.Normal(178, 6), 1);
        var weight = random.Between(30, 34) * (height / 100) * (height / 100);
        var systolicStart = random.Between(146, 150);
        var systolicEnd = random.Between(162, 170);
        double Systolic(DateOnly date) => Care.Lerp(systolicStart, systolicEnd, r.Progress(date));

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, systolicStart, 94, weight, height, heartRate: 80));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.CurrentSmoker);
        r.Problem(Problems.TobaccoUse, first, onset: r.Who.BirthDate.AddYears(random.Next(16, 22)));
        r.Problem(Problems.Obesity, first);
        Care.MetabolicPanel(r, first, random.Normal(0.9, 0.05));
        Care.LipidPanel(r, first, random.Normal(118, 8), random.Normal(44, 3), random.Normal(160, 20));

        var confirm = r.Visit(PatientRecord.Weekday(r.HistoryStart.AddDays(random.Next(21, 35))), EncounterKind.FollowUp, Problems.Hypertension);
        r.Vitals(confirm, Care.Adult(r, systolicStart + 2, 96, weight, height, heartRate: 82));
        var hypertension = r.Problem(Problems.Hypertension, confirm);
        var lisinopril = r.Prescribe(RxNorm.Lisinopril10, confirm, hypertension);

        var amlodipineAt = random.Between(0.3, 0.45);
        var titrateAt = random.Between(0.6, 0.75);
        var amlodipine = false;
        var titrated = false;
        var n = 0;
        foreach (var date in r.Every(5, r.HistoryStart.AddMonths(4)))
        {
            var p = r.Progress(date);
            var visit = r.Visit(date, n % 3 == 2 ? EncounterKind.Wellness : EncounterKind.FollowUp, Problems.Hypertension);
            var systolic = Math.Max(146, Systolic(date) + random.Normal(0, 3));
            r.Vitals(visit, Care.Adult(r, systolic, Math.Max(93, systolic * 0.61), weight + 3 * p, height, heartRate: 80) with
            {
                Systolic = Math.Round(systolic),
            });
            if (n++ % 3 == 2)
            {
                Care.MetabolicPanel(r, visit, random.Normal(0.95, 0.05));
                Care.LipidPanel(r, visit, random.Normal(120, 8), random.Normal(43, 3), random.Normal(165, 20));
                r.Coded(visit, Loinc.SmokingStatus, ClinicalCodes.CurrentSmoker);
            }
            if (!amlodipine && p >= amlodipineAt)
            {
                amlodipine = true;
                r.Prescribe(RxNorm.Amlodipine, visit, hypertension, note: "BP remains above goal on lisinopril 10 mg.");
            }
            if (!titrated && p >= titrateAt)
            {
                titrated = true;
                r.Stop(lisinopril, date);
                lisinopril = r.Prescribe(RxNorm.Lisinopril20, visit, hypertension, note: "Increase lisinopril to 20 mg daily.");
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.4);
    }
}
