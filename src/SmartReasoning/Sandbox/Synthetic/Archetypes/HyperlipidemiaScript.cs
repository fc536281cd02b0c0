namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Hypercholesterolaemia on every lipid panel for years (LDL 160–200 mg/dL, low HDL) in a former smoker with
/// treated hypertension and prediabetes, yet no statin ever ordered.
/// </summary>
internal sealed class HyperlipidemiaScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.HyperlipidemiaNoStatin;
    public override int MinAge => 48;
    public override int MaxAge => 66;
    public override int MinHistoryYears => 6;
    public override int MaxHistoryYears => 12;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(163, 5) : random.Normal(177, 6), 1);
        var weight = random.Between(26, 29.5) * (height / 100) * (height / 100);
        var ldlStart = random.Between(168, 176);
        var ldlEnd = random.Between(182, 198);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 136, 86, weight, height));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.FormerSmoker);
        Care.LipidPanel(r, first, ldlStart, random.Normal(41, 2), random.Normal(190, 20));
        Care.MetabolicPanel(r, first, random.Normal(0.9, 0.05), glucose: random.Normal(104, 4));
        r.Report(first, Loinc.HbA1c, random.Normal(5.9, 0.1));
        r.Problem(Problems.Prediabetes, first);

        string? hypercholesterolemia = null;
        string? hypertension = null;
        var n = 0;
        foreach (var date in r.Every(12, r.HistoryStart.AddMonths(12), jitterDays: 30))
        {
            var p = r.Progress(date);
            var visit = r.Visit(date, EncounterKind.Wellness);
            r.Vitals(visit, Care.Adult(r, hypertension is null ? 142 : 132, hypertension is null ? 90 : 82, weight + 2 * p, height));
            Care.LipidPanel(r, visit, Care.Lerp(ldlStart, ldlEnd, p) + random.Normal(0, 2), random.Normal(40, 2.5), random.Normal(200, 25), directLdl: n % 3 == 2);
            Care.MetabolicPanel(r, visit, random.Normal(0.92, 0.05), glucose: random.Normal(106, 4));
            r.Report(visit, Loinc.HbA1c, Care.Lerp(5.9, 6.2, p) + random.Normal(0, 0.08));
            if (n++ % 2 == 0) r.Coded(visit, Loinc.SmokingStatus, ClinicalCodes.FormerSmoker);
            hypercholesterolemia ??= r.Problem(Problems.Hypercholesterolemia, visit, onset: r.HistoryStart);
            if (hypertension is null)
            {
                hypertension = r.Problem(Problems.Hypertension, visit);
                r.Prescribe(RxNorm.Lisinopril10, visit, hypertension);
            }
            if (random.Chance(0.5))
            {
                var acute = r.Visit(PatientRecord.Weekday(r.DateBetween(date.AddMonths(3), date.AddMonths(9))), EncounterKind.Acute, Problems.UpperRespiratoryInfection);
                r.Vitals(acute, Care.Adult(r, 134, 84, weight + 2 * p, height) with { TemperatureC = random.Between(37.4, 38.2) });
                r.Diagnosis(Problems.UpperRespiratoryInfection, acute, resolvesAfterDays: 10);
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.6);
    }
}
