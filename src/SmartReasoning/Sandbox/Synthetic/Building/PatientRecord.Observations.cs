using SmartReasoning.Fhir.Model;
using static SmartReasoning.Sandbox.Synthetic.FhirValues;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>One set of vital signs; BMI is computed from weight and height when both are given.</summary>
internal sealed record VitalSigns(
    double? Systolic = null, double? Diastolic = null, double? HeartRate = null, double? WeightKg = null, double? HeightCm = null,
    double? RespiratoryRate = null, double? TemperatureC = null, double? OxygenSaturation = null, double? BmiPercentile = null);

/// <summary>Observations and DiagnosticReports.</summary>
internal sealed partial class PatientRecord
{
    private static readonly string[] CategoryCodes = ["laboratory", "vital-signs", "exam", "imaging", "social-history"];
    private static readonly string[] CategoryDisplays = ["Laboratory", "Vital Signs", "Exam", "Imaging", "Social History"];

    /// <summary>A numeric result at <paramref name="effective"/> (default: a few minutes into the visit).</summary>
    public string Measure(Visit visit, LoincTest test, double value, DateTime? effective = null)
    {
        var observation = NewObservation(test, visit, effective ?? visit.Start.AddMinutes(5));
        observation.Value = Quantity(value, test.Decimals, test.Unit!, test.UcumCode!);
        AddRangeAndFlag(observation, test, value);
        return Add(observation);
    }

    /// <summary>A result whose value is a code (smoking status, pregnancy status, a positive test).</summary>
    public string Coded(Visit visit, LoincTest test, Concept value)
    {
        var observation = NewObservation(test, visit, visit.Start.AddMinutes(5));
        observation.Value = Concept(value, value.Display);
        return Add(observation);
    }

    /// <summary>A result whose value is a date (estimated delivery date).</summary>
    public string Dated(Visit visit, LoincTest test, DateOnly value)
    {
        var observation = NewObservation(test, visit, visit.Start.AddMinutes(10));
        observation.Value = DateTimeOf(value);
        return Add(observation);
    }

    /// <summary>Lab results drawn together, and the DiagnosticReport that lists them.</summary>
    public string Report(Visit visit, LoincPanel panel, params (LoincTest Test, double Value)[] results)
    {
        var collected = visit.Start.AddMinutes(Random.Next(10, 40));
        var issued = collected.AddMinutes(Random.Next(90, 360));
        var report = new DiagnosticReport
        {
            Meta = Profiled(UsCore.DiagnosticReportLab),
            Status = DiagnosticReportStatus.Final,
            Category = [Concept(CodeSystems.DiagnosticServiceSection, "LAB", "Laboratory")],
            Code = LoincConcept(panel.Code, panel.Display),
            Subject = Ref(PatientRef),
            Encounter = Ref(visit.Reference),
            Effective = DateTimeOf(collected),
            Issued = InstantOf(issued),
            Performer = [Ref(OrganizationRef, OrganizationName)],
        };
        foreach (var (test, value) in results)
        {
            var observation = NewObservation(test, visit, collected);
            observation.Issued = InstantOf(issued);
            observation.Value = Quantity(value, test.Decimals, test.Unit!, test.UcumCode!);
            AddRangeAndFlag(observation, test, value);
            report.Result.Add(Ref(Add(observation), test.Display));
        }
        return Add(report);
    }

    /// <summary>A single lab test reported on its own.</summary>
    public string Report(Visit visit, LoincTest test, double value) => Report(visit, new LoincPanel(test.Code, test.Display), (test, value));

    /// <summary>Records the vital signs taken at a visit, US Core style: a blood pressure panel with its two
    /// components, then one Observation per measurement.</summary>
    public void Vitals(Visit visit, VitalSigns v)
    {
        var at = visit.Start.AddMinutes(Random.Next(2, 8));
        if (v.Systolic is { } systolic && v.Diastolic is { } diastolic)
        {
            var panel = NewObservation(Loinc.BloodPressurePanel, visit, at);
            panel.Component =
            [
                new Observation.ComponentComponent { Code = LoincConcept(Loinc.Systolic.Code, Loinc.Systolic.Display), Value = Quantity(systolic, 0, "mmHg", "mm[Hg]") },
                new Observation.ComponentComponent { Code = LoincConcept(Loinc.Diastolic.Code, Loinc.Diastolic.Display), Value = Quantity(diastolic, 0, "mmHg", "mm[Hg]") },
            ];
            Add(panel);
        }
        if (v.HeartRate is { } hr) Measure(visit, Loinc.HeartRate, hr, at);
        if (v.RespiratoryRate is { } rr) Measure(visit, Loinc.RespiratoryRate, rr, at);
        if (v.TemperatureC is { } temperature) Measure(visit, Loinc.BodyTemperature, temperature, at);
        if (v.OxygenSaturation is { } spo2) Measure(visit, Loinc.OxygenSaturation, spo2, at);
        if (v.WeightKg is { } weight) Measure(visit, Loinc.BodyWeight, weight, at);
        if (v.HeightCm is { } height) Measure(visit, Loinc.BodyHeight, height, at);
        if (v.WeightKg is { } w && v.HeightCm is { } h) Measure(visit, Loinc.Bmi, w / (h / 100 * (h / 100)), at);
        if (v.BmiPercentile is { } percentile) Measure(visit, Loinc.BmiPercentile, percentile, at);
    }

    private Observation NewObservation(LoincTest test, Visit visit, DateTime effective)
    {
        var kind = (int)test.Kind;
        var observation = new Observation
        {
            Meta = Profiled(test.Profile),
            Status = ObservationStatus.Final,
            Category = [Concept(CodeSystems.ObservationCategory, CategoryCodes[kind], CategoryDisplays[kind])],
            Code = LoincConcept(test.Code, test.Display),
            Subject = Ref(PatientRef),
            Encounter = Ref(visit.Reference),
            Effective = DateTimeOf(effective),
        };
        if (test.Kind is ObservationKind.Laboratory) observation.Performer = [Ref(OrganizationRef, OrganizationName)];
        else if (test.Kind is ObservationKind.Exam or ObservationKind.Imaging) observation.Performer = [Ref(visit.Clinician, ClinicianName(visit.Clinician))];
        return observation;
    }

    private static void AddRangeAndFlag(Observation observation, LoincTest test, double value)
    {
        if (test.Low is null && test.High is null) return;
        observation.ReferenceRange =
        [
            new Observation.ReferenceRangeComponent
            {
                Low = test.Low is { } low ? Quantity(low, test.Decimals, test.Unit!, test.UcumCode!) : null,
                High = test.High is { } high ? Quantity(high, test.Decimals, test.Unit!, test.UcumCode!) : null,
            },
        ];
        var reported = Math.Round(value, test.Decimals, MidpointRounding.AwayFromZero);
        var (code, display) = reported < test.Low ? ("L", "Low") : reported > test.High ? ("H", "High") : ("N", "Normal");
        observation.Interpretation = [Concept(CodeSystems.ObservationInterpretation, code, display)];
    }
}
