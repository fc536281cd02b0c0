namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Long-standing type 2 diabetes and hypertension whose kidneys fail slowly: eGFR from the high 60s to under 30,
/// potassium and albuminuria rising, haemoglobin falling; the problem list follows the stages (3a, 3b, 4), a
/// nephrologist is consulted, and metformin stays active throughout.
/// </summary>
internal sealed class ChronicKidneyDiseaseScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.ChronicKidneyDiseaseOnMetformin;
    public override int MinAge => 66;
    public override int MaxAge => 78;
    public override int MinHistoryYears => 8;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(161, 5) : random.Normal(175, 6), 1);
        var weight = random.Between(27, 31) * (height / 100) * (height / 100);
        var egfrStart = random.Between(66, 72);
        var egfrEnd = random.Between(20, 25);
        // The end value is reached a little before today, so the last results are all under 30.
        double Egfr(DateOnly date) => Care.Lerp(egfrStart, egfrEnd, Math.Pow(Math.Min(1, r.Progress(date) / 0.88), 1.25)) + random.Normal(0, 1.2);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 138, 80, weight, height));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.FormerSmoker);
        var diabetes = r.Problem(Problems.Type2Diabetes, first, onset: r.HistoryStart.AddYears(-random.Next(4, 9)));
        var hypertension = r.Problem(Problems.Hypertension, first, onset: r.HistoryStart.AddYears(-random.Next(6, 12)));
        var lipids = r.Problem(Problems.Hyperlipidemia, first, onset: r.HistoryStart.AddYears(-random.Next(3, 8)));
        r.Prescribe(RxNorm.Metformin, first, diabetes);
        r.Prescribe(RxNorm.Lisinopril20, first, hypertension);
        r.Prescribe(RxNorm.Atorvastatin, first, lipids);
        Care.MetabolicPanel(r, first, Renal.CreatinineFor(egfrStart, r.ExactAgeOn(first.Date), r.Female), glucose: random.Normal(138, 10));
        r.Report(first, Loinc.HbA1c, random.Normal(7.3, 0.15));
        r.Report(first, Loinc.UrineAlbuminCreatinine, random.Normal(45, 5));
        r.Problem(Problems.DiabeticKidneyDisease, first);
        var stageProblem = r.Problem(Problems.Ckd2, first);
        var stageConcept = Problems.Ckd2;

        var stage = 20; // CKD stage times ten: 20, 31 (3a), 32 (3b), 40
        var amlodipine = false;
        var consulted = false;
        var anemia = false;
        var n = 0;
        foreach (var date in r.Every(4, r.HistoryStart.AddMonths(4)))
        {
            var p = r.Progress(date);
            var visit = r.Visit(date, EncounterKind.FollowUp, stageConcept);
            r.Vitals(visit, Care.Adult(r, amlodipine ? 136 : 146, 80, weight - 3 * p, height));
            var egfr = Egfr(date);
            var creatinine = Renal.CreatinineFor(egfr, r.ExactAgeOn(date), r.Female);
            Care.MetabolicPanel(r, visit, creatinine, potassium: Care.Lerp(4.3, 5.4, p) + random.Normal(0, 0.12), glucose: random.Normal(140, 12));
            if (n++ % 3 == 0)
            {
                r.Report(visit, Loinc.HbA1c, random.Normal(7.4, 0.2));
                r.Report(visit, Loinc.UrineAlbuminCreatinine, Care.Lerp(45, 420, p) + random.Normal(0, 10));
                r.Report(visit, Loinc.Hemoglobin, Care.Lerp(13.4, 10.6, p) + random.Normal(0, 0.2));
            }
            if (!amlodipine && p > 0.3)
            {
                amlodipine = true;
                r.Prescribe(RxNorm.Amlodipine, visit, hypertension, note: "Blood pressure above goal on lisinopril.");
            }
            var newStage = egfr < 30 ? 40 : egfr < 45 ? 32 : egfr < 60 ? 31 : 20;
            if (newStage > stage)
            {
                // The stage replaced by the next one is resolved on the day the new one is recorded.
                stageConcept = newStage switch { 31 => Problems.Ckd3a, 32 => Problems.Ckd3b, _ => Problems.Ckd4 };
                r.Resolve(stageProblem, date);
                stageProblem = r.Problem(stageConcept, visit);
                stage = newStage;
            }
            if (!consulted && stage == 32)
            {
                consulted = true;
                var consult = r.Visit(PatientRecord.Weekday(date.AddDays(random.Next(14, 40))), EncounterKind.Consultation, Problems.Ckd3b, Specialty.Nephrology);
                r.Vitals(consult, Care.Adult(r, 142, 78, weight - 3 * p, height));
                r.Report(consult, Loinc.UrineAlbuminCreatinine, Care.Lerp(45, 420, p) + random.Normal(0, 10));
            }
            if (!anemia && p > 0.8 && n % 3 == 1)
            {
                anemia = true;
                r.Problem(Problems.AnemiaInCkd, visit);
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.85);
    }
}
