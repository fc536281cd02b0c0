using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// A school-age child followed by a paediatrician from the age of two or three: well-child visits with growth and
/// school vaccines, asthma diagnosed around four or five (albuterol, then fluticasone and montelukast), asthma
/// reviews with peak flow, winter exacerbations seen in clinic or the emergency department, allergic rhinitis
/// and a dust-mite allergy.
/// </summary>
internal sealed class PediatricAsthmaScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.PediatricAsthma;
    public override int MinAge => 8;
    public override int MaxAge => 12;
    public override Specialty PrimarySpecialty => Specialty.Pediatrics;

    // From the age of two or three, and at least five years.
    public override int HistoryYears(SeededRandom random, int age) => Math.Max(5, age - random.Next(2, 4));

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var heightFactor = random.Normal(1.0, 0.025);
        var weightFactor = random.Normal(1.05, 0.06);
        var bmiPercentile = random.Normal(62, 8);
        double Height(DateOnly date) => (76 + 6.2 * r.ExactAgeOn(date)) * heightFactor;
        double Weight(DateOnly date) => (8.5 + 2.1 * r.ExactAgeOn(date)) * weightFactor;
        VitalSigns Vitals(DateOnly date, double heartRateExtra = 0, double spo2 = 98, double respiratoryExtra = 0)
        {
            var age = r.ExactAgeOn(date);
            return new VitalSigns(
                Systolic: Math.Round(random.Normal(88 + 2 * age, 4)), Diastolic: Math.Round(random.Normal(54 + age, 3)),
                HeartRate: Math.Round(random.Normal(112 - 3 * age + heartRateExtra, 4)),
                RespiratoryRate: Math.Round(random.Normal(25 - 0.7 * age + respiratoryExtra, 1)),
                TemperatureC: random.Normal(36.8, 0.15), OxygenSaturation: spo2,
                WeightKg: Weight(date), HeightCm: Height(date), BmiPercentile: Math.Round(Math.Clamp(random.Normal(bmiPercentile, 3), 5, 97)));
        }

        var asthmaOnset = Care.Max(r.HistoryStart.AddMonths(6), r.Who.BirthDate.AddYears(4).AddDays(random.Next(0, 300)));
        string? asthma = null;
        string? rhinitis = null;
        var controller = false;
        var exacerbations = new List<DateOnly>();
        foreach (var date in r.Every(12, r.HistoryStart, jitterDays: 20))
        {
            var age = r.AgeOn(date);
            var visit = r.Visit(date, EncounterKind.WellChild);
            r.Vitals(visit, Vitals(date));
            if (age is >= 4 and <= 6 && !r.Given(Cvx.Dtap))
                foreach (var vaccine in new[] { Cvx.Dtap, Cvx.Ipv, Cvx.Mmr, Cvx.Varicella }) r.Immunize(vaccine, visit);
            if (age <= 3 && !r.Given(Cvx.HepatitisAPediatric)) r.Immunize(Cvx.HepatitisAPediatric, visit);
            if (age >= 11 && !r.Given(Cvx.Tdap))
                foreach (var vaccine in new[] { Cvx.Tdap, Cvx.MeningococcalMcv4, Cvx.Hpv9 }) r.Immunize(vaccine, visit);
            if (asthma is not null)
            {
                r.Measure(visit, Loinc.PeakFlow, Math.Max(100, 5 * Height(date) - 410) * random.Between(0.82, 0.95));
                if (rhinitis is null && random.Chance(0.6))
                {
                    rhinitis = r.Problem(Problems.AllergicRhinitis, visit);
                    r.Allergy(ClinicalCodes.HouseDustMite, visit, date.AddMonths(-6), AllergyIntoleranceCategory.Environment,
                        AllergyIntoleranceCriticality.Low, AllergyIntoleranceSeverity.Mild, "Sneezing and wheeze around dust; positive skin-prick test.",
                        [ClinicalCodes.Sneezing, ClinicalCodes.Wheezing]);
                }
            }
            if (date.AddMonths(6) < r.LastDay && date.AddMonths(6) >= asthmaOnset && asthma is null)
            {
                // Recurrent wheeze with colds: diagnosis at an acute visit between check-ups.
                var wheeze = r.Visit(PatientRecord.Weekday(Care.Max(asthmaOnset, date.AddDays(30))), EncounterKind.Acute, Problems.MildPersistentAsthma);
                r.Vitals(wheeze, Vitals(wheeze.Date, heartRateExtra: 12, spo2: 95, respiratoryExtra: 5));
                asthma = r.Problem(Problems.MildPersistentAsthma, wheeze, onset: asthmaOnset.AddMonths(-3));
                r.Prescribe(RxNorm.Albuterol, wheeze, asthma);
                r.Prescribe(RxNorm.Fluticasone, wheeze, asthma);
            }
            else if (asthma is not null && date.AddMonths(5) <= r.LastDay)
            {
                var review = r.Visit(PatientRecord.Weekday(r.DateBetween(date.AddMonths(5), date.AddMonths(7))), EncounterKind.FollowUp, Problems.MildPersistentAsthma);
                r.Vitals(review, Vitals(review.Date));
                r.Measure(review, Loinc.PeakFlow, Math.Max(100, 5 * Height(review.Date) - 410) * random.Between(0.8, 0.95));
                if (!controller && r.AgeOn(review.Date) >= 6)
                {
                    controller = true;
                    r.Prescribe(RxNorm.Montelukast, review, asthma, note: "Night cough despite inhaled steroid; add montelukast.");
                }
                // One exacerbation most winters, in clinic or in the emergency department.
                if (random.Chance(0.7))
                {
                    var winter = PatientRecord.Weekday(new DateOnly(date.Month >= 7 ? date.Year : date.Year - 1, 11, 1).AddDays(random.Next(0, 110)));
                    if (winter > asthmaOnset && winter <= r.LastDay && !exacerbations.Contains(winter)) exacerbations.Add(winter);
                }
            }
        }
        foreach (var date in exacerbations)
        {
            var severe = random.Chance(0.35);
            var visit = r.Visit(date, severe ? EncounterKind.Emergency : EncounterKind.Acute, Problems.AsthmaExacerbation);
            r.Vitals(visit, Vitals(date, heartRateExtra: 25, spo2: severe ? 92 : 95, respiratoryExtra: 9));
            var exacerbation = r.Diagnosis(Problems.AsthmaExacerbation, visit, resolvesAfterDays: 7);
            if (severe) r.Procedure(ClinicalCodes.NebulizerTherapy, visit, exacerbation);
        }
        Care.FluSeasons(r, uptake: 0.75);
    }
}
