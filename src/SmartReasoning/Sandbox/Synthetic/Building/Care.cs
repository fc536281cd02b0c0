namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>Routine care shared by the archetypes: coherent lab panels, vital signs with noise, vaccinations.</summary>
internal static class Care
{
    private static readonly DateOnly CovidVaccineStart = new(2021, 3, 1);
    private static readonly DateOnly RecombinantZosterStart = new(2018, 3, 1);
    private static readonly DateOnly Pcv20Start = new(2021, 11, 1);

    /// <summary>A basic metabolic panel whose eGFR is computed from its creatinine, MDRD before 2015 and CKD-EPI after.</summary>
    public static string MetabolicPanel(PatientRecord r, Visit visit, double creatinine, double? potassium = null, double? glucose = null)
    {
        var random = r.Random;
        var age = r.ExactAgeOn(visit.Date);
        var reported = Math.Round(creatinine, 2);
        var ckdEpi = visit.Date >= Renal.CkdEpiSince;
        var egfr = ckdEpi ? Renal.CkdEpi2021(reported, age, r.Female) : Renal.Mdrd(reported, age, r.Female);
        return r.Report(visit, Loinc.BasicMetabolicPanel,
            (Loinc.Glucose, glucose ?? random.Normal(92, 7)),
            (Loinc.UreaNitrogen, 6 + 9 * reported + random.Normal(0, 2)),
            (Loinc.Creatinine, reported),
            (Loinc.Sodium, random.Normal(139, 1.8)),
            (Loinc.Potassium, potassium ?? random.Normal(4.2, 0.25)),
            (Loinc.Chloride, random.Normal(102, 1.8)),
            (Loinc.Bicarbonate, random.Normal(25, 1.3)),
            (Loinc.Calcium, random.Normal(9.4, 0.25)),
            (ckdEpi ? Loinc.EgfrCkdEpi : Loinc.EgfrMdrd, egfr));
    }

    /// <summary>A lipid panel with LDL by Friedewald (total = LDL + HDL + TG/5), or measured directly.</summary>
    public static string LipidPanel(PatientRecord r, Visit visit, double ldl, double hdl, double triglycerides, bool directLdl = false)
    {
        ldl = Math.Round(ldl);
        hdl = Math.Round(hdl);
        triglycerides = Math.Round(triglycerides);
        return r.Report(visit, Loinc.LipidPanel,
            (Loinc.Cholesterol, ldl + hdl + Math.Round(triglycerides / 5)),
            (Loinc.Triglyceride, triglycerides),
            (Loinc.Hdl, hdl),
            (directLdl ? Loinc.LdlDirect : Loinc.LdlCalculated, ldl));
    }

    /// <summary>Adult vital signs around the given values.</summary>
    public static VitalSigns Adult(PatientRecord r, double systolic, double diastolic, double weightKg, double heightCm, double heartRate = 72)
    {
        var random = r.Random;
        return new VitalSigns(
            Systolic: Math.Round(random.Normal(systolic, 4)),
            Diastolic: Math.Round(random.Normal(diastolic, 3)),
            HeartRate: Math.Round(random.Normal(heartRate, 4)),
            WeightKg: random.Normal(weightKg, 0.6),
            HeightCm: heightCm,
            RespiratoryRate: Math.Round(random.Normal(16, 1)),
            TemperatureC: random.Normal(36.8, 0.15),
            OxygenSaturation: Math.Round(Math.Min(100, random.Normal(97, 1))));
    }

    /// <summary>
    /// The vaccines an adult in the record would have had: seasonal influenza (given at short nurse visits),
    /// one Tdap, two COVID-19 doses in spring 2021, recombinant zoster from 50, pneumococcal from 65.
    /// </summary>
    public static void AdultImmunizations(PatientRecord r, double fluUptake = 0.8)
    {
        var random = r.Random;
        FluSeasons(r, fluUptake);

        if (random.Chance(0.85))
        {
            var visit = r.Visit(PatientRecord.Weekday(r.DateBetween(r.HistoryStart.AddMonths(2), r.HistoryStart.AddYears(4))), EncounterKind.Vaccination);
            r.Immunize(Cvx.Tdap, visit);
        }

        if (r.HistoryStart <= CovidVaccineStart && r.LastDay > CovidVaccineStart.AddMonths(3) && random.Chance(0.8))
        {
            var first = r.Visit(PatientRecord.Weekday(CovidVaccineStart.AddDays(random.Next(0, 50))), EncounterKind.Vaccination);
            r.Immunize(Cvx.CovidPfizer, first);
            var second = r.Visit(PatientRecord.Weekday(first.Date.AddDays(21 + random.Next(0, 5))), EncounterKind.Vaccination);
            r.Immunize(Cvx.CovidPfizer, second);
        }

        var fifty = r.Who.BirthDate.AddYears(50);
        var zosterFrom = Max(Max(fifty, RecombinantZosterStart), r.HistoryStart);
        if (zosterFrom < r.LastDay.AddMonths(-8) && random.Chance(0.6))
        {
            var first = r.Visit(PatientRecord.Weekday(r.DateBetween(zosterFrom, zosterFrom.AddYears(2))), EncounterKind.Vaccination);
            r.Immunize(Cvx.ZosterRecombinant, first);
            var secondDate = PatientRecord.Weekday(first.Date.AddDays(random.Next(60, 180)));
            if (secondDate <= r.LastDay) r.Immunize(Cvx.ZosterRecombinant, r.Visit(secondDate, EncounterKind.Vaccination));
        }

        var sixtyFive = Max(r.Who.BirthDate.AddYears(65), r.HistoryStart);
        if (sixtyFive < r.LastDay.AddMonths(-2))
        {
            var date = PatientRecord.Weekday(r.DateBetween(sixtyFive, sixtyFive.AddMonths(6)));
            if (date >= Pcv20Start) r.Immunize(Cvx.Pcv20, r.Visit(date, EncounterKind.Vaccination));
            else
            {
                r.Immunize(Cvx.Pcv13, r.Visit(date, EncounterKind.Vaccination));
                var later = PatientRecord.Weekday(date.AddYears(1).AddDays(random.Next(0, 60)));
                if (later <= r.LastDay) r.Immunize(Cvx.Ppsv23, r.Visit(later, EncounterKind.Vaccination));
            }
        }
    }

    /// <summary>One influenza shot per season (September to December) with the given probability.</summary>
    public static void FluSeasons(PatientRecord r, double uptake, DateOnly? from = null)
    {
        var start = from ?? r.HistoryStart;
        for (var year = start.Year; year <= r.Today.Year; year++)
        {
            var date = PatientRecord.Weekday(new DateOnly(year, 9, 15).AddDays(r.Random.Next(0, 75)));
            var take = r.Random.Chance(uptake);
            if (!take || date < start || date > r.LastDay) continue;
            r.Immunize(Cvx.InfluenzaFor(year, r.AgeOn(date) >= 65), r.Visit(date, EncounterKind.Vaccination));
        }
    }

    /// <summary>Linear interpolation from <paramref name="from"/> to <paramref name="to"/> at fraction <paramref name="t"/>.</summary>
    public static double Lerp(double from, double to, double t) => from + (to - from) * Math.Clamp(t, 0, 1);

    public static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    public static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
