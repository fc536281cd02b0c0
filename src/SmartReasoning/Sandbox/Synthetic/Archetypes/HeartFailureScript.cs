namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Ischaemic cardiomyopathy: an old myocardial infarction, then heart failure with an ejection fraction near 30%
/// on echo, an admission for decompensation, and guideline-directed therapy (carvedilol, sacubitril/valsartan in
/// place of lisinopril, spironolactone, furosemide, later empagliflozin) with echo and NT-proBNP follow-up.
/// </summary>
internal sealed class HeartFailureScript : ArchetypeScript
{
    private static readonly DateOnly SglT2InhibitorsForHeartFailure = new(2021, 9, 1);

    public override Archetype Archetype => Archetype.HeartFailureReducedEjectionFraction;
    public override int MinAge => 58;
    public override int MaxAge => 76;
    public override double FemaleProbability => 0.3;
    public override int MinHistoryYears => 7;
    public override int MaxHistoryYears => 13;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(162, 5) : random.Normal(176, 6), 1);
        var dryWeight = random.Between(27, 31) * (height / 100) * (height / 100);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 134, 80, dryWeight, height, heartRate: 66));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.FormerSmoker);
        var mi = r.HistoryStart.AddYears(-random.Next(1, 4));
        var cad = r.Problem(Problems.CoronaryArteryDisease, first, onset: mi);
        r.Problem(Problems.OldMyocardialInfarction, first, onset: mi);
        var hypertension = r.Problem(Problems.Hypertension, first, onset: mi.AddYears(-random.Next(3, 10)));
        var lipids = r.Problem(Problems.Hyperlipidemia, first, onset: mi.AddYears(-random.Next(1, 6)));
        r.Prescribe(RxNorm.Aspirin, first, cad);
        r.Prescribe(RxNorm.Atorvastatin, first, lipids);
        var metoprolol = r.Prescribe(RxNorm.MetoprololSuccinate, first, cad);
        var lisinopril = r.Prescribe(RxNorm.Lisinopril10, first, hypertension);
        Care.MetabolicPanel(r, first, random.Normal(1.05, 0.05));
        Care.LipidPanel(r, first, random.Normal(72, 6), random.Normal(41, 3), random.Normal(150, 20));

        var diagnosisAt = random.Between(0.2, 0.3);
        var admissionAt = random.Between(0.42, 0.5);
        string? heartFailure = null;
        var admitted = false;
        var empagliflozin = false;
        var n = 0;
        foreach (var date in r.Every(4, r.HistoryStart.AddMonths(4)))
        {
            var p = r.Progress(date);
            if (heartFailure is null && p < diagnosisAt)
            {
                var visit = r.Visit(date, EncounterKind.FollowUp, Problems.CoronaryArteryDisease);
                r.Vitals(visit, Care.Adult(r, 132, 78, dryWeight, height, heartRate: 64));
                continue;
            }
            if (heartFailure is null)
            {
                // Breathless on exertion with ankle swelling: echo shows a reduced ejection fraction.
                var visit = r.Visit(date, EncounterKind.Acute, Problems.HeartFailureReducedEf);
                r.Vitals(visit, Care.Adult(r, 128, 80, dryWeight + 4, height, heartRate: 88));
                r.Report(visit, Loinc.NtProBnp, random.Between(1600, 2600));
                Care.MetabolicPanel(r, visit, random.Normal(1.15, 0.05));
                var consult = r.Visit(PatientRecord.Weekday(date.AddDays(random.Next(7, 21))), EncounterKind.Consultation, Problems.HeartFailureReducedEf, Specialty.Cardiology);
                heartFailure = r.Problem(Problems.HeartFailureReducedEf, consult);
                r.Procedure(ClinicalCodes.Echocardiography, consult, heartFailure);
                r.Measure(consult, Loinc.EjectionFraction, random.Between(31, 35));
                r.Prescribe(RxNorm.Furosemide, consult, heartFailure);
                r.Prescribe(RxNorm.Carvedilol, consult, heartFailure, note: "Switched from metoprolol succinate to carvedilol for HFrEF.");
                r.Stop(metoprolol, consult.Date);
                continue;
            }
            if (!admitted && p >= admissionAt)
            {
                admitted = true;
                var stay = random.Next(3, 6);
                var admission = r.Visit(date, EncounterKind.Inpatient, Problems.AcuteOnChronicHeartFailure, days: stay);
                r.Diagnosis(Problems.AcuteOnChronicHeartFailure, admission, resolvesAfterDays: stay);
                r.Vitals(admission, Care.Adult(r, 146, 90, dryWeight + 6, height, heartRate: 104) with { OxygenSaturation = 91 });
                r.Report(admission, Loinc.NtProBnp, random.Between(4200, 6800));
                Care.MetabolicPanel(r, admission, random.Normal(1.35, 0.05), potassium: random.Normal(4.5, 0.1));
                r.Procedure(ClinicalCodes.Echocardiography, admission, heartFailure);
                r.Measure(admission, Loinc.EjectionFraction, random.Between(24, 28), admission.Start.AddHours(20));
                var discharge = r.Visit(PatientRecord.Weekday(date.AddDays(stay + random.Next(5, 10))), EncounterKind.Consultation, Problems.HeartFailureReducedEf, Specialty.Cardiology);
                r.Vitals(discharge, Care.Adult(r, 118, 72, dryWeight + 1, height, heartRate: 70));
                r.Stop(lisinopril, discharge.Date.AddDays(-2));
                r.Prescribe(RxNorm.SacubitrilValsartan, discharge, heartFailure, note: "Start 36 hours after the last lisinopril dose.");
                r.Prescribe(RxNorm.Spironolactone, discharge, heartFailure);
                Care.MetabolicPanel(r, discharge, random.Normal(1.2, 0.05), potassium: random.Normal(4.6, 0.1));
                continue;
            }
            var followUp = r.Visit(date, EncounterKind.FollowUp, Problems.HeartFailureReducedEf, admitted ? Specialty.Cardiology : null);
            r.Vitals(followUp, Care.Adult(r, admitted ? 112 : 124, admitted ? 70 : 76, dryWeight + random.Between(0, 2), height, heartRate: 66));
            Care.MetabolicPanel(r, followUp, random.Normal(1.2, 0.06), potassium: admitted ? random.Normal(4.7, 0.2) : random.Normal(4.3, 0.2));
            if (n++ % 3 == 2)
            {
                r.Report(followUp, Loinc.NtProBnp, admitted ? Care.Lerp(2400, 900, p) + random.Normal(0, 80) : random.Between(1200, 1800));
                r.Procedure(ClinicalCodes.Echocardiography, followUp, heartFailure);
                r.Measure(followUp, Loinc.EjectionFraction, admitted ? Care.Lerp(26, 36, p) + random.Normal(0, 1.5) : random.Between(29, 33));
            }
            if (admitted && !empagliflozin && p > 0.65 && SglT2InhibitorsForHeartFailure <= r.LastDay)
            {
                empagliflozin = true;
                var when = date >= SglT2InhibitorsForHeartFailure ? followUp
                    : r.Visit(PatientRecord.Weekday(Care.Max(SglT2InhibitorsForHeartFailure, date)), EncounterKind.FollowUp, Problems.HeartFailureReducedEf, Specialty.Cardiology);
                r.Prescribe(RxNorm.Empagliflozin, when, heartFailure);
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.9);
    }
}
