using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// A young adult treated with amoxicillin for strep throat who comes to the emergency department on day three
/// with hives and lip swelling: amoxicillin stopped, a high-criticality penicillin allergy recorded. Later
/// infections are treated with azithromycin; allergic rhinitis and a codeine intolerance complete the picture.
/// </summary>
internal sealed class PenicillinAllergyScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.PenicillinAllergy;
    public override int MinAge => 24;
    public override int MaxAge => 45;
    public override double FemaleProbability => 0.55;
    public override int MinHistoryYears => 6;
    public override int MaxHistoryYears => 12;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(165, 6) : random.Normal(178, 7), 1);
        var weight = random.Between(21, 26) * (height / 100) * (height / 100);
        VitalSigns Vitals(double temperature = 36.8) => Care.Adult(r, 118, 74, weight, height) with { TemperatureC = random.Normal(temperature, 0.1) };

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Vitals());
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.NeverSmoker);

        // Strep throat, amoxicillin, and the reaction.
        var sore = r.Visit(PatientRecord.Weekday(r.DateBetween(r.HistoryStart.AddMonths(4), r.HistoryStart.AddMonths(14))), EncounterKind.Acute, Problems.StreptococcalPharyngitis);
        r.Vitals(sore, Vitals(38.4));
        var strep = r.Diagnosis(Problems.StreptococcalPharyngitis, sore, resolvesAfterDays: 10);
        var amoxicillin = r.Prescribe(RxNorm.Amoxicillin, sore, strep);
        var reactionDay = sore.Date.AddDays(2);
        var ed = r.Visit(reactionDay, EncounterKind.Emergency, Problems.Urticaria);
        r.Vitals(ed, Vitals(37.2) with { HeartRate = random.Between(104, 116), Systolic = 112, Diastolic = 70 });
        r.Diagnosis(Problems.Urticaria, ed, resolvesAfterDays: 5);
        r.Stop(amoxicillin, reactionDay);
        r.Allergy(ClinicalCodes.Penicillin, ed, reactionDay, AllergyIntoleranceCategory.Medication, AllergyIntoleranceCriticality.High,
            AllergyIntoleranceSeverity.Severe, "Generalized hives and swelling of the lips on day 3 of amoxicillin; treated with IM epinephrine in the ED.",
            [ClinicalCodes.Hives, ClinicalCodes.Angioedema]);
        r.Prescribe(RxNorm.Azithromycin, ed, strep, note: "Penicillin allergy: amoxicillin stopped; complete treatment with azithromycin.");

        var codeineAt = random.Between(0.3, 0.6);
        var rhinitisAt = random.Between(0.2, 0.7);
        var codeine = false;
        var rhinitis = false;
        foreach (var date in r.Every(random.Next(12, 19), r.HistoryStart.AddMonths(16), jitterDays: 40))
        {
            var p = r.Progress(date);
            var visit = r.Visit(date, EncounterKind.Wellness);
            r.Vitals(visit, Vitals());
            if (!codeine && p >= codeineAt)
            {
                codeine = true;
                r.Allergy(ClinicalCodes.Codeine, visit, date.AddYears(-1), AllergyIntoleranceCategory.Medication, AllergyIntoleranceCriticality.Low,
                    AllergyIntoleranceSeverity.Mild, "Nausea and vomiting with codeine cough syrup.", [ClinicalCodes.Nausea], AllergyIntoleranceType.Intolerance);
            }
            if (!rhinitis && p >= rhinitisAt && date.Month is >= 3 and <= 9)
            {
                rhinitis = true;
                var problem = r.Problem(Problems.AllergicRhinitis, visit, onset: date.AddYears(-2));
                r.Prescribe(RxNorm.Loratadine, visit, problem);
            }
            if (random.Chance(0.4))
            {
                var sick = r.Visit(PatientRecord.Weekday(r.DateBetween(date.AddMonths(2), date.AddMonths(10))), EncounterKind.Acute, Problems.AcuteSinusitis);
                r.Vitals(sick, Vitals(37.9));
                var sinusitis = r.Diagnosis(Problems.AcuteSinusitis, sick, resolvesAfterDays: 12);
                r.Prescribe(RxNorm.Azithromycin, sick, sinusitis, note: "Penicillin allergy (hives, angioedema).");
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.5);
    }
}
