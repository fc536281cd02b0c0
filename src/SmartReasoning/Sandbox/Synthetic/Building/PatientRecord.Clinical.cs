using System.Globalization;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Sandbox.Synthetic.FhirValues;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>Conditions, medication orders, allergies, immunizations and procedures.</summary>
internal sealed partial class PatientRecord
{
    private readonly HashSet<string> _vaccinesGiven = new(StringComparer.Ordinal);

    /// <summary>A problem-list item, diagnosed at a visit (its onset may be earlier), active unless resolved.</summary>
    public string Problem(Problem problem, Visit diagnosedAt, DateOnly? onset = null, DateOnly? resolved = null) =>
        AddCondition(problem, diagnosedAt, onset ?? diagnosedAt.Date, resolved, "problem-list-item", "Problem List Item", UsCore.ConditionProblem);

    /// <summary>An encounter diagnosis (an acute problem of that visit), resolved some days later.</summary>
    public string Diagnosis(Problem problem, Visit visit, int resolvesAfterDays = 14) =>
        AddCondition(problem, visit, visit.Date, visit.Date.AddDays(resolvesAfterDays), "encounter-diagnosis", "Encounter Diagnosis",
            UsCore.ConditionEncounterDiagnosis);

    /// <summary>Marks a problem recorded earlier as resolved on a date (a stage replaced by the next, say).</summary>
    public void Resolve(string conditionReference, DateOnly resolved)
    {
        var condition = (Condition)Find(conditionReference);
        condition.ClinicalStatus = Concept(CodeSystems.ConditionClinical, "resolved", "Resolved");
        condition.Abatement = DateTimeOf(resolved);
    }

    private string AddCondition(Problem problem, Visit visit, DateOnly onset, DateOnly? resolved, string category, string categoryDisplay, string profile)
    {
        if (resolved is { } r && r > LastDay) resolved = null;
        var condition = new Condition
        {
            Meta = Profiled(profile),
            ClinicalStatus = resolved is null
                ? Concept(CodeSystems.ConditionClinical, "active", "Active")
                : Concept(CodeSystems.ConditionClinical, "resolved", "Resolved"),
            VerificationStatus = Concept(CodeSystems.ConditionVerification, "confirmed", "Confirmed"),
            Category = [Concept(CodeSystems.ConditionCategory, category, categoryDisplay)],
            Code = ProblemConcept(problem),
            Subject = Ref(PatientRef),
            Encounter = Ref(visit.Reference),
            Onset = DateTimeOf(onset),
            Abatement = resolved is { } end ? DateTimeOf(end) : null,
            RecordedDate = DateTimeOf(visit.Start.AddMinutes(15)),
            Recorder = Ref(visit.Clinician, ClinicianName(visit.Clinician)),
            Asserter = Ref(visit.Clinician, ClinicianName(visit.Clinician)),
        };
        return Add(condition);
    }

    /// <summary>
    /// A medication order written at a visit. Without <paramref name="end"/> it is active (a course ends by itself
    /// after its days); with an end in the past it is completed, or stopped when <paramref name="stopped"/>.
    /// </summary>
    public string Prescribe(Drug drug, Visit at, string? reason = null, DateOnly? end = null, bool stopped = false, string? note = null)
    {
        var start = at.Date;
        if (end is null && drug.CourseDays is { } days) end = start.AddDays(days);
        var active = end is null || end > LastDay;
        var request = new MedicationRequest
        {
            Meta = Profiled(UsCore.MedicationRequest),
            Status = active ? MedicationrequestStatus.Active : stopped ? MedicationrequestStatus.Stopped : MedicationrequestStatus.Completed,
            Intent = MedicationRequestIntent.Order,
            Category = [Concept(CodeSystems.MedicationRequestCategory, "community", "Community")],
            Reported = Bool(false),
            Medication = DrugConcept(drug),
            Subject = Ref(PatientRef, DisplayName),
            Encounter = Ref(at.Reference),
            AuthoredOn = DateTimeOf(at.Start.AddMinutes(10)),
            Requester = Ref(at.Clinician, ClinicianName(at.Clinician)),
            DosageInstruction = [DosageFor(drug, start, end)],
            DispenseRequest = new MedicationRequest.DispenseRequestComponent
            {
                ValidityPeriod = PeriodOf(start, start.AddYears(1)),
                NumberOfRepeatsAllowed = new UnsignedInt { Value = drug.CourseDays is null && !drug.AsNeeded ? 3 : 0 },
                Quantity = DispenseQuantity(drug),
                ExpectedSupplyDuration = Days(drug.CourseDays ?? (drug.AsNeeded ? 30 : 90)),
            },
        };
        if (reason is not null) request.ReasonReference = [Ref(reason)];
        if (note is not null) request.Note = [new Annotation { Text = new Markdown { Value = note }, Time = DateTimeOf(at.Start) }];
        return Add(request);
    }

    /// <summary>Stops a medication order on a date: status stopped, the dosage bounds end that day.</summary>
    public void Stop(string medicationRequestReference, DateOnly date)
    {
        // A course may already be complete by its own end date; stopping it earlier makes it stopped instead.
        var request = (MedicationRequest)Find(medicationRequestReference);
        if (request.Status?.Enum is not (MedicationrequestStatus.Active or MedicationrequestStatus.Completed)) return;
        request.Status = MedicationrequestStatus.Stopped;
        if (request.DosageInstruction is [{ Timing.Repeat.Bounds: Period bounds }, ..]) bounds.End = DateTimeOf(date);
    }

    private static Dosage DosageFor(Drug drug, DateOnly start, DateOnly? end)
    {
        var repeat = new Timing.RepeatComponent
        {
            Bounds = PeriodOf(start, end),
            Frequency = new PositiveInt { Value = drug.Frequency },
            Period = new FhirDecimal { Value = drug.Period },
            PeriodUnit = drug.PeriodUnit switch { "h" => UnitsOfTime.H, "wk" => UnitsOfTime.Wk, _ => UnitsOfTime.D },
        };
        var unit = drug.DoseUnit.Trim('{', '}');
        return new Dosage
        {
            Sequence = new Integer { Value = 1 },
            Text = Str(drug.Sig),
            Timing = new Timing { Repeat = repeat },
            AsNeeded = drug.AsNeeded ? Bool(true) : null,
            Route = drug.Route == DrugRoute.Inhaled
                ? Concept(CodeSystems.Snomed, "447694001", "Respiratory tract route (qualifier value)")
                : Concept(CodeSystems.Snomed, "26643006", "Oral route (qualifier value)"),
            DoseAndRate =
            [
                new Dosage.DoseAndRateComponent
                {
                    Type = Concept("http://terminology.hl7.org/CodeSystem/dose-rate-type", "ordered", "Ordered"),
                    Dose = new Quantity
                    {
                        Value = new FhirDecimal { Value = drug.Dose },
                        Unit = Str(unit switch { "tbl" => "tablet", "cap" => "capsule", "puff" => "puff", _ => unit }),
                        System = Uri(CodeSystems.Ucum),
                        Code = CodeOf(drug.DoseUnit),
                    },
                },
            ],
        };
    }

    private static Quantity DispenseQuantity(Drug drug)
    {
        var inhaler = drug.Route == DrugRoute.Inhaled;
        return new Quantity
        {
            Value = new FhirDecimal { Value = drug.DispenseQuantity },
            Unit = Str(inhaler ? "inhaler" : drug.DoseUnit == "{cap}" ? "capsule" : "tablet"),
            System = Uri(CodeSystems.Ucum),
            Code = CodeOf(inhaler ? "{inhaler}" : drug.DoseUnit),
        };
    }

    /// <summary>An allergy or intolerance, recorded at a visit, with one reaction.</summary>
    public string Allergy(
        Allergen allergen, Visit recordedAt, DateOnly onset, AllergyIntoleranceCategory category, AllergyIntoleranceCriticality criticality,
        AllergyIntoleranceSeverity severity, string description, Concept[] manifestations, AllergyIntoleranceType type = AllergyIntoleranceType.Allergy)
    {
        var codes = new CodeableConcept { Text = Str(allergen.Text) };
        foreach (var c in allergen.Codings) codes.Coding.Add(Coding(c));
        var reaction = new AllergyIntolerance.ReactionComponent
        {
            Description = Str(description),
            Onset = DateTimeOf(onset),
            Severity = severity,
        };
        foreach (var m in manifestations) reaction.Manifestation.Add(Concept(m, m.Display));
        return Add(new AllergyIntolerance
        {
            Meta = Profiled(UsCore.AllergyIntolerance),
            ClinicalStatus = Concept(CodeSystems.AllergyClinical, "active", "Active"),
            VerificationStatus = Concept(CodeSystems.AllergyVerification, "confirmed", "Confirmed"),
            Type = type,
            Category = [new Code<AllergyIntoleranceCategory>(category)],
            Criticality = criticality,
            Code = codes,
            Patient = Ref(PatientRef, DisplayName),
            Encounter = Ref(recordedAt.Reference),
            Onset = DateTimeOf(onset),
            RecordedDate = DateTimeOf(recordedAt.Start.AddMinutes(10)),
            Recorder = Ref(recordedAt.Clinician, ClinicianName(recordedAt.Clinician)),
            Reaction = [reaction],
        });
    }

    /// <summary>Whether a vaccine (by CVX code) has been given already.</summary>
    public bool Given(Vaccine vaccine) => _vaccinesGiven.Contains(vaccine.Code);

    /// <summary>A vaccine given at a visit.</summary>
    public string Immunize(Vaccine vaccine, Visit at)
    {
        _vaccinesGiven.Add(vaccine.Code);
        var left = Random.Chance(0.5);
        var lot = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + Random.Next(0, 26))}{(char)('A' + Random.Next(0, 26))}{Random.Next(1000, 9999)}");
        return Add(new Immunization
        {
            Meta = Profiled(UsCore.Immunization),
            Status = ImmunizationStatusCodes.Completed,
            VaccineCode = Concept(CodeSystems.Cvx, vaccine.Code, vaccine.Display, vaccine.Display),
            Patient = Ref(PatientRef, DisplayName),
            Encounter = Ref(at.Reference),
            Occurrence = DateTimeOf(at.Start.AddMinutes(5)),
            PrimarySource = Bool(true),
            LotNumber = Str(lot),
            ExpirationDate = DateOf(at.Date.AddMonths(Random.Next(6, 18))),
            Site = Concept(CodeSystems.ActSite, left ? "LA" : "RA", left ? "left arm" : "right arm"),
            Route = Concept(CodeSystems.RouteOfAdministration, "IM", "Injection, intramuscular"),
            DoseQuantity = Quantity((double)vaccine.DoseMl, 1, "mL", "mL"),
            Performer =
            [
                new Immunization.PerformerComponent
                {
                    Function = Concept("http://terminology.hl7.org/CodeSystem/v2-0443", "AP", "Administering Provider"),
                    Actor = Ref(at.Clinician, ClinicianName(at.Clinician)),
                },
            ],
        });
    }

    /// <summary>A procedure done at a visit.</summary>
    public string Procedure(Concept code, Visit at, string? reason = null)
    {
        var procedure = new Procedure
        {
            Meta = Profiled(UsCore.Procedure),
            Status = EventStatus.Completed,
            Code = Concept(code, code.Display),
            Subject = Ref(PatientRef, DisplayName),
            Encounter = Ref(at.Reference),
            Performed = PeriodOf(at.Start.AddMinutes(5), at.Start.AddMinutes(35)),
            Performer = [new Procedure.PerformerComponent { Actor = Ref(at.Clinician, ClinicianName(at.Clinician)) }],
        };
        if (reason is not null) procedure.ReasonReference = [Ref(reason)];
        return Add(procedure);
    }
}
