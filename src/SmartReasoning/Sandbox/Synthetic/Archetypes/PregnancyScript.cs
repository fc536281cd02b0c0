namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// A woman in her second pregnancy, now in the second trimester: yearly check-ups, a first pregnancy delivered
/// a few years ago, and the current one from a positive test at eight weeks through four-weekly prenatal visits
/// (gestational age, fetal heart rate, fundal height, an anatomy scan, labs), folic acid and, when anaemic, iron.
/// </summary>
internal sealed class PregnancyScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.Pregnancy;
    public override int MinAge => 25;
    public override int MaxAge => 37;
    public override double FemaleProbability => 1;
    public override int MaxHistoryYears => 8;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var height = Math.Round(random.Normal(165, 6), 1);
        var weight = random.Between(21.5, 26) * (height / 100) * (height / 100);

        var first = r.Visit(r.HistoryStart, EncounterKind.Wellness);
        r.Vitals(first, Care.Adult(r, 112, 72, weight, height));
        r.Coded(first, Loinc.SmokingStatus, ClinicalCodes.NeverSmoker);

        // Today's pregnancy: 16 to 26 weeks along.
        var gestationToday = random.Next(16 * 7, 26 * 7 + 1);
        var lmp = r.Today.AddDays(-gestationToday);

        // The first pregnancy, delivered at term somewhere in the middle of the history.
        var delivery = r.DateBetween(r.HistoryStart.AddDays(330), Care.Min(r.HistoryStart.AddYears(4), lmp.AddYears(-1)));
        var firstLmp = delivery.AddDays(-random.Next(273, 285));
        Pregnancy(r, firstLmp, delivery, weight, height, Problems.FirstPregnancy);

        foreach (var date in r.Every(12, r.HistoryStart.AddMonths(12), jitterDays: 30))
        {
            if ((date > firstLmp.AddDays(-30) && date < delivery.AddDays(60)) || date > lmp) continue;
            var visit = r.Visit(date, EncounterKind.Wellness);
            r.Vitals(visit, Care.Adult(r, 112, 72, weight + 2 * r.Progress(date), height));
            if (random.Chance(0.3)) r.Report(visit, Loinc.Hemoglobin, random.Normal(13.0, 0.4));
        }

        var trimester = gestationToday < 14 * 7 ? Problems.PregnancyFirstTrimester
            : gestationToday < 28 * 7 ? Problems.PregnancySecondTrimester : Problems.PregnancyThirdTrimester;
        Pregnancy(r, lmp, null, weight + 2, height, trimester);
        Care.AdultImmunizations(r, fluUptake: 0.6);
    }

    // Prenatal care from eight weeks, every four weeks, until delivery (or today).
    private static void Pregnancy(PatientRecord r, DateOnly lmp, DateOnly? delivery, double weight, double height, Problem problem)
    {
        var random = r.Random;
        var due = lmp.AddDays(280);
        var end = delivery ?? r.LastDay;
        var initial = r.Visit(PatientRecord.Weekday(lmp.AddDays(56 + random.Next(0, 5))), EncounterKind.PrenatalInitial, problem, Specialty.Obstetrics);
        var pregnancy = r.Problem(problem, initial, onset: lmp, resolved: delivery);
        r.Coded(initial, Loinc.HcgUrine, ClinicalCodes.Positive);
        r.Coded(initial, Loinc.PregnancyStatus, ClinicalCodes.Pregnant);
        r.Dated(initial, Loinc.EstimatedDeliveryDate, due);
        PrenatalExam(r, initial, lmp, weight, height);
        r.Report(initial, Loinc.Hemoglobin, random.Normal(12.6, 0.4));
        r.Prescribe(RxNorm.FolicAcid, initial, pregnancy, end: delivery);

        var anaemic = random.Chance(0.35);
        var last = initial;
        for (var week = 12; ; week += 4)
        {
            var date = PatientRecord.Weekday(lmp.AddDays(7 * week + random.Next(-3, 4)));
            if (date > end || date > r.LastDay) break;
            var visit = last = r.Visit(date, EncounterKind.Prenatal, problem, Specialty.Obstetrics);
            PrenatalExam(r, visit, lmp, weight, height);
            if (week == 20) r.Procedure(ClinicalCodes.ObstetricUltrasound, visit, pregnancy);
            if (week == 24)
            {
                r.Report(visit, Loinc.GlucoseChallenge, random.Normal(118, 8));
                var hemoglobin = anaemic ? random.Normal(10.4, 0.2) : random.Normal(11.9, 0.3);
                r.Report(visit, Loinc.Hemoglobin, hemoglobin);
                if (anaemic && week == 24) r.Prescribe(RxNorm.FerrousSulfate, visit, pregnancy, end: delivery);
            }
        }
        if (delivery is { } born)
        {
            r.Visit(born, EncounterKind.Inpatient, problem, Specialty.Obstetrics, days: 2);
            var postpartum = r.Visit(PatientRecord.Weekday(born.AddDays(42)), EncounterKind.FollowUp, null, Specialty.Obstetrics);
            r.Vitals(postpartum, Care.Adult(r, 114, 72, weight + 3, height));
        }
        else
        {
            r.Coded(last, Loinc.PregnancyStatus, ClinicalCodes.Pregnant);
        }
    }

    private static void PrenatalExam(PatientRecord r, Visit visit, DateOnly lmp, double weight, double height)
    {
        var random = r.Random;
        var days = visit.Date.DayNumber - lmp.DayNumber;
        var weeks = days / 7.0;
        r.Vitals(visit, new VitalSigns(
            Systolic: Math.Round(random.Normal(110, 4)), Diastolic: Math.Round(random.Normal(70, 3)), HeartRate: Math.Round(random.Normal(82, 4)),
            WeightKg: weight + Math.Max(0, weeks - 12) * 0.45 + random.Normal(0, 0.3), HeightCm: height));
        r.Measure(visit, Loinc.GestationalAge, Math.Floor(weeks * 10) / 10);
        if (weeks >= 10) r.Measure(visit, Loinc.FetalHeartRate, Math.Round(random.Normal(148, 5)));
        if (weeks >= 20) r.Measure(visit, Loinc.FundalHeight, Math.Round(weeks + random.Normal(0, 0.8)));
    }
}
