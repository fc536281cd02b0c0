using System.Globalization;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Sandbox.Synthetic.FhirValues;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>An encounter that happened: its entry reference, when, and the clinician seen.</summary>
internal readonly record struct Visit(string Reference, DateTime Start, DateTime End, string Clinician)
{
    public DateOnly Date => DateOnly.FromDateTime(Start);
}

/// <summary>What kind of encounter: HL7 v3 ActCode class and SNOMED CT type.</summary>
internal sealed record EncounterKind(string ClassCode, string ClassDisplay, string TypeCode, string TypeDisplay, int Minutes)
{
    public static readonly EncounterKind Wellness = new("AMB", "ambulatory", "185349003", "Encounter for check up", 30);
    public static readonly EncounterKind WellChild = new("AMB", "ambulatory", "410620009", "Well child visit", 30);
    public static readonly EncounterKind FollowUp = new("AMB", "ambulatory", "390906007", "Follow-up encounter", 20);
    public static readonly EncounterKind Acute = new("AMB", "ambulatory", "185345009", "Encounter for symptom", 20);
    public static readonly EncounterKind Consultation = new("AMB", "ambulatory", "11429006", "Consultation", 40);
    public static readonly EncounterKind Vaccination = new("AMB", "ambulatory", "33879002", "Administration of vaccine to produce active immunity", 10);
    public static readonly EncounterKind PrenatalInitial = new("AMB", "ambulatory", "424441002", "Prenatal initial visit", 45);
    public static readonly EncounterKind Prenatal = new("AMB", "ambulatory", "424619006", "Prenatal visit", 20);
    public static readonly EncounterKind Emergency = new("EMER", "emergency", "50849002", "Emergency room admission", 240);
    public static readonly EncounterKind Inpatient = new("IMP", "inpatient encounter", "32485007", "Hospital admission", 60 * 24 * 3);
}

/// <summary>Encounters.</summary>
internal sealed partial class PatientRecord
{
    /// <summary>Records an encounter on a date, in clinic hours (13:00–21:45 UTC, i.e. 8am–5pm US Eastern).</summary>
    public Visit Visit(DateOnly date, EncounterKind kind, Problem? reason = null, Specialty? with = null, int? days = null)
    {
        if (date > LastDay) date = LastDay;
        var start = date.ToDateTime(new TimeOnly(Random.Next(13, kind.ClassCode == "EMER" ? 20 : 21), Random.Next(0, 4) * 15));
        var end = days is { } d ? start.AddDays(d).AddHours(Random.Next(-3, 3)) : start.AddMinutes(kind.Minutes);
        var specialty = with ?? (kind.ClassCode == "EMER" ? Specialty.EmergencyMedicine : kind.ClassCode == "IMP" ? Specialty.HospitalMedicine : PrimarySpecialty);
        var clinician = ClinicianRef(specialty);
        var encounter = new Encounter
        {
            Meta = Profiled(UsCore.Encounter),
            Identifier = [new Identifier { System = Uri(CodeSystems.SandboxCsn), Value = Str(Random.Next(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture)) }],
            Status = EncounterStatus.Finished,
            Class = Coding(CodeSystems.ActCode, kind.ClassCode, kind.ClassDisplay),
            Type = [Concept(CodeSystems.Snomed, kind.TypeCode, kind.TypeDisplay, kind.TypeDisplay)],
            Subject = Ref(PatientRef, DisplayName),
            Participant =
            [
                new Encounter.ParticipantComponent
                {
                    Type = [Concept(CodeSystems.ParticipationType, "PPRF", "primary performer")],
                    Period = PeriodOf(start, end),
                    Individual = Ref(clinician, _clinicians[specialty].DisplayName),
                },
            ],
            Period = PeriodOf(start, end),
            ServiceProvider = Ref(OrganizationRef, OrganizationName),
        };
        if (reason is not null) encounter.ReasonCode = [Concept(CodeSystems.Snomed, reason.Snomed, reason.SnomedDisplay, reason.SnomedDisplay)];
        if (kind.ClassCode == "IMP")
            encounter.Hospitalization = new Encounter.HospitalizationComponent
            {
                AdmitSource = Concept("http://terminology.hl7.org/CodeSystem/admit-source", "emd", "From accident/emergency department"),
                DischargeDisposition = Concept("http://terminology.hl7.org/CodeSystem/discharge-disposition", "home", "Home"),
            };
        return new Visit(Add(encounter), start, end, clinician);
    }
}
