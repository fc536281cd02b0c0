using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// A patient in their eighties with a long problem list (hypertension, diabetes, coronary disease, hypothyroidism,
/// reflux, knee osteoarthritis, then depression, neuropathy, osteoporosis or prostatic hyperplasia) whose
/// medication list only grows: thirteen active orders by today, plus a sulfa allergy.
/// </summary>
internal sealed class ElderlyPolypharmacyScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.ElderlyPolypharmacy;
    public override int MinAge => 81;
    public override int MaxAge => 90;
    public override double FemaleProbability => 0.55;
    public override int MinHistoryYears => 10;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(r.Female ? random.Normal(158, 5) : random.Normal(172, 6), 1);
        var weight = random.Between(25, 29) * (height / 100) * (height / 100);
        VitalSigns Vitals(DateOnly date, double systolic = 138) => Care.Adult(r, systolic, 76, weight - 4 * r.Progress(date), Math.Round(height - 2 * r.Progress(date), 1), heartRate: 68);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Vitals(first.Date));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.FormerSmoker);
        string Chronic(Problem problem, int yearsBefore) => r.Problem(problem, first, onset: r.HistoryStart.AddYears(-yearsBefore).AddDays(-random.Next(0, 300)));
        var hypertension = Chronic(Problems.Hypertension, random.Next(10, 25));
        var diabetes = Chronic(Problems.Type2Diabetes, random.Next(5, 15));
        var lipids = Chronic(Problems.Hyperlipidemia, random.Next(5, 15));
        var cad = Chronic(Problems.CoronaryArteryDisease, random.Next(2, 8));
        var thyroid = Chronic(Problems.Hypothyroidism, random.Next(3, 20));
        var reflux = Chronic(Problems.Gerd, random.Next(2, 10));
        var knee = Chronic(Problems.KneeOsteoarthritis, random.Next(2, 10));
        r.Prescribe(RxNorm.Lisinopril10, first, hypertension);
        r.Prescribe(RxNorm.Metformin, first, diabetes);
        r.Prescribe(RxNorm.Atorvastatin, first, lipids);
        r.Prescribe(RxNorm.Aspirin, first, cad);
        r.Prescribe(RxNorm.MetoprololSuccinate, first, cad);
        r.Prescribe(RxNorm.Levothyroxine, first, thyroid);
        r.Prescribe(RxNorm.Omeprazole, first, reflux);
        r.Prescribe(RxNorm.Acetaminophen, first, knee);
        r.Allergy(ClinicalCodes.Sulfamethoxazole, first, r.HistoryStart.AddYears(-random.Next(20, 40)), AllergyIntoleranceCategory.Medication,
            AllergyIntoleranceCriticality.Low, AllergyIntoleranceSeverity.Moderate, "Rash with trimethoprim-sulfamethoxazole decades ago.",
            [ClinicalCodes.SkinRash]);
        Care.MetabolicPanel(r, first, random.Normal(1.0, 0.05), glucose: random.Normal(128, 8));
        r.Report(first, Loinc.HbA1c, random.Normal(7.0, 0.2));
        r.Report(first, Loinc.Tsh, random.Normal(2.2, 0.4));

        // What is added over the years, at what fraction of the history.
        var additions = new (double At, Problem? Problem, Drug Drug, Func<string?> Reason)[]
        {
            (random.Between(0.15, 0.3), Problems.Depression, RxNorm.Sertraline, () => null),
            (random.Between(0.3, 0.45), r.Female ? Problems.Osteoporosis : Problems.BenignProstaticHyperplasia, r.Female ? RxNorm.Alendronate : RxNorm.Tamsulosin, () => null),
            (random.Between(0.45, 0.55), Problems.DiabeticNeuropathy, RxNorm.Gabapentin, () => null),
            (random.Between(0.55, 0.65), null, RxNorm.Amlodipine, () => hypertension),
            (random.Between(0.65, 0.8), null, RxNorm.Glipizide, () => diabetes),
        };
        var next = 0;
        var n = 0;
        foreach (var date in r.Every(4, r.HistoryStart.AddMonths(4)))
        {
            var p = r.Progress(date);
            var visit = r.Visit(date, n % 3 == 2 ? EncounterKind.Wellness : EncounterKind.FollowUp);
            r.Vitals(visit, Vitals(date, systolic: next > 3 ? 134 : 142));
            if (n++ % 3 == 2)
            {
                Care.MetabolicPanel(r, visit, Care.Lerp(1.0, 1.2, p) + random.Normal(0, 0.04), glucose: random.Normal(140, 12));
                r.Report(visit, Loinc.HbA1c, Care.Lerp(7.0, 7.8, p) + random.Normal(0, 0.15));
                r.Report(visit, Loinc.Tsh, random.Normal(2.4, 0.5));
                Care.LipidPanel(r, visit, random.Normal(84, 8), random.Normal(48, 4), random.Normal(150, 20));
            }
            while (next < additions.Length && p >= additions[next].At)
            {
                var (_, problem, drug, reason) = additions[next++];
                var because = problem is null ? reason() : r.Problem(problem, visit);
                r.Prescribe(drug, visit, because);
            }
        }
        Care.AdultImmunizations(r, fluUptake: 0.9);
    }
}
