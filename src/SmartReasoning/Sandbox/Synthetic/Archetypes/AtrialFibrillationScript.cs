namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// An older patient with hypertension and type 2 diabetes in whom atrial fibrillation is found at a visit for
/// palpitations: rate control with metoprolol and aspirin, but never an anticoagulant, although CHA2DS2-VASc is
/// at least 4 (age 75 or more, hypertension, diabetes; female sex and a later TIA add to it).
/// </summary>
internal sealed class AtrialFibrillationScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.AtrialFibrillationNoAnticoagulant;
    public override int MinAge => 77;
    public override int MaxAge => 86;
    public override double FemaleProbability => 0.6;
    public override int MinHistoryYears => 7;
    public override int MaxHistoryYears => 13;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(160, 5) : random.Normal(174, 6), 1);
        var weight = random.Between(25, 29) * (height / 100) * (height / 100);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 142, 82, weight, height, heartRate: 74));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.NeverSmoker);
        var hypertension = r.Problem(Problems.Hypertension, first, onset: r.HistoryStart.AddYears(-random.Next(5, 15)));
        var diabetes = r.Problem(Problems.Type2Diabetes, first, onset: r.HistoryStart.AddYears(-random.Next(2, 8)));
        var lipids = r.Problem(Problems.Hyperlipidemia, first, onset: r.HistoryStart.AddYears(-random.Next(2, 10)));
        r.Prescribe(RxNorm.Lisinopril10, first, hypertension);
        r.Prescribe(RxNorm.Metformin, first, diabetes);
        r.Prescribe(RxNorm.Atorvastatin, first, lipids);
        Care.MetabolicPanel(r, first, random.Normal(0.95, 0.05), glucose: random.Normal(132, 8));
        r.Report(first, Loinc.HbA1c, random.Normal(7.0, 0.2));

        var afAt = random.Between(0.35, 0.6);
        var tiaAt = random.Chance(0.35) ? random.Between(0.75, 0.9) : 2.0;
        var fibrillating = false;
        var tia = false;
        var n = 0;
        foreach (var date in r.Every(6, r.HistoryStart.AddMonths(6)))
        {
            var p = r.Progress(date);
            if (!fibrillating && p >= afAt)
            {
                fibrillating = true;
                var palpitations = r.Visit(date, EncounterKind.Acute, Problems.AtrialFibrillation);
                r.Vitals(palpitations, Care.Adult(r, 148, 88, weight, height, heartRate: 118));
                var af = r.Problem(Problems.AtrialFibrillation, palpitations);
                r.Prescribe(RxNorm.MetoprololTartrate, palpitations, af, note: "Rate control. Anticoagulation to be discussed at follow-up.");
                r.Prescribe(RxNorm.Aspirin, palpitations, af);
                Care.MetabolicPanel(r, palpitations, random.Normal(1.0, 0.05));
                continue;
            }
            if (!tia && p >= tiaAt)
            {
                tia = true;
                var ed = r.Visit(date, EncounterKind.Emergency, Problems.TransientIschemicAttack);
                r.Vitals(ed, Care.Adult(r, 162, 90, weight, height, heartRate: 96));
                r.Problem(Problems.TransientIschemicAttack, ed, resolved: date.AddDays(1));
                Care.MetabolicPanel(r, ed, random.Normal(1.0, 0.05), glucose: random.Normal(150, 10));
                continue;
            }
            var visit = r.Visit(date, EncounterKind.FollowUp, fibrillating ? Problems.AtrialFibrillation : Problems.Hypertension);
            r.Vitals(visit, Care.Adult(r, 136, 80, weight + 2 * p, height, heartRate: fibrillating ? random.Between(82, 100) : 72));
            if (n++ % 2 == 0)
            {
                Care.MetabolicPanel(r, visit, Care.Lerp(0.95, 1.1, p) + random.Normal(0, 0.04), glucose: random.Normal(135, 12));
                r.Report(visit, Loinc.HbA1c, random.Normal(7.1, 0.2));
                Care.LipidPanel(r, visit, random.Normal(82, 8), random.Normal(48, 4), random.Normal(140, 20));
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.85);
    }
}
