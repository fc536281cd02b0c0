namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Years of warfarin for atrial fibrillation with INR checks every six weeks, mostly in range; knee osteoarthritis
/// appears and ibuprofen is prescribed a few weeks before today, after which the INR rises above 3.5.
/// </summary>
internal sealed class WarfarinNsaidScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.WarfarinWithNsaid;
    public override int MinAge => 68;
    public override int MaxAge => 80;
    public override int MinHistoryYears => 6;
    public override int MaxHistoryYears => 12;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(161, 5) : random.Normal(175, 6), 1);
        var weight = random.Between(26, 30) * (height / 100) * (height / 100);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 134, 80, weight, height, heartRate: 76));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.NeverSmoker);
        var af = r.Problem(Problems.AtrialFibrillation, first, onset: r.HistoryStart.AddYears(-random.Next(1, 4)));
        var hypertension = r.Problem(Problems.Hypertension, first, onset: r.HistoryStart.AddYears(-random.Next(4, 12)));
        r.Prescribe(RxNorm.Warfarin, first, af);
        r.Prescribe(RxNorm.MetoprololSuccinate, first, af);
        r.Prescribe(RxNorm.Lisinopril10, first, hypertension);
        Care.MetabolicPanel(r, first, random.Normal(0.95, 0.05));
        r.Report(first, Loinc.Inr, random.Normal(2.5, 0.2));

        // Ibuprofen starts four to ten weeks before today, at a visit for knee pain.
        var nsaidStart = PatientRecord.Weekday(r.Today.AddDays(-random.Next(28, 70)));
        var osteoarthritisOnset = nsaidStart.AddMonths(-random.Next(8, 20));
        string? osteoarthritis = null;
        var n = 0;
        foreach (var date in r.Every(1, r.HistoryStart.AddDays(42), jitterDays: 4).Where((_, i) => i % 3 != 2))
        {
            if (date >= nsaidStart) break;
            var visit = r.Visit(date, EncounterKind.FollowUp, Problems.AtrialFibrillation);
            r.Report(visit, Loinc.Inr, Math.Clamp(random.Normal(2.5, 0.35), 1.6, 3.4));
            if (n++ % 8 == 0)
            {
                var p = r.Progress(date);
                r.Vitals(visit, Care.Adult(r, 132, 78, weight + 2 * p, height, heartRate: random.Between(70, 84)));
                Care.MetabolicPanel(r, visit, Care.Lerp(0.95, 1.05, p) + random.Normal(0, 0.04));
                r.Report(visit, Loinc.Hemoglobin, random.Normal(13.4, 0.4));
            }
            if (osteoarthritis is null && date >= osteoarthritisOnset)
            {
                r.Vitals(visit, Care.Adult(r, 134, 80, weight + 2 * r.Progress(date), height));
                osteoarthritis = r.Problem(Problems.KneeOsteoarthritis, visit);
                r.Prescribe(RxNorm.Acetaminophen, visit, osteoarthritis);
            }
        }

        var painVisit = r.Visit(nsaidStart, EncounterKind.Acute, Problems.KneeOsteoarthritis);
        r.Vitals(painVisit, Care.Adult(r, 138, 82, weight + 2, height));
        osteoarthritis ??= r.Problem(Problems.KneeOsteoarthritis, painVisit, onset: osteoarthritisOnset);
        r.Prescribe(RxNorm.Ibuprofen, painVisit, osteoarthritis, note: "Acetaminophen not controlling knee pain.");
        for (var date = PatientRecord.Weekday(nsaidStart.AddDays(14)); date <= r.LastDay; date = PatientRecord.Weekday(date.AddDays(14)))
        {
            var check = r.Visit(date, EncounterKind.FollowUp, Problems.AtrialFibrillation);
            r.Report(check, Loinc.Inr, Care.Lerp(3.2, 4.1, (date.DayNumber - nsaidStart.DayNumber) / 60.0) + random.Normal(0, 0.1));
        }
        Care.AdultImmunizations(r, fluUptake: 0.8);
    }
}
