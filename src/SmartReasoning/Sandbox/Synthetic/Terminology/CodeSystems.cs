namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>The code system URIs the generator codes with, as FHIR R4 and US Core name them.</summary>
internal static class CodeSystems
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Cvx = "http://hl7.org/fhir/sid/cvx";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Npi = "http://hl7.org/fhir/sid/us-npi";
    public const string CdcRace = "urn:oid:2.16.840.1.113883.6.238";

    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ObservationInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public const string AllergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    public const string AllergyVerification = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    public const string MedicationRequestCategory = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";
    public const string DiagnosticServiceSection = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string ActSite = "http://terminology.hl7.org/CodeSystem/v3-ActSite";
    public const string RouteOfAdministration = "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration";
    public const string Language = "urn:ietf:bcp:47";

    /// <summary>Medical record numbers of the sandbox EHR.</summary>
    public const string SandboxMrn = "https://smartreasoning.dev/fhir/sid/sandbox-mrn";

    /// <summary>Encounter (contact serial) numbers of the sandbox EHR.</summary>
    public const string SandboxCsn = "https://smartreasoning.dev/fhir/sid/sandbox-csn";
}

/// <summary>The US Core (6.1) profiles the generated resources claim in <c>meta.profile</c>.</summary>
internal static class UsCore
{
    private const string Base = "http://hl7.org/fhir/us/core/StructureDefinition/";

    public const string Patient = Base + "us-core-patient";
    public const string Practitioner = Base + "us-core-practitioner";
    public const string Organization = Base + "us-core-organization";
    public const string Encounter = Base + "us-core-encounter";
    public const string ConditionProblem = Base + "us-core-condition-problems-health-concerns";
    public const string ConditionEncounterDiagnosis = Base + "us-core-condition-encounter-diagnosis";
    public const string MedicationRequest = Base + "us-core-medicationrequest";
    public const string AllergyIntolerance = Base + "us-core-allergyintolerance";
    public const string Immunization = Base + "us-core-immunization";
    public const string Procedure = Base + "us-core-procedure";
    public const string DiagnosticReportLab = Base + "us-core-diagnosticreport-lab";
    public const string ObservationLab = Base + "us-core-observation-lab";
    public const string ObservationClinicalResult = Base + "us-core-observation-clinical-result";
    public const string SimpleObservation = Base + "us-core-simple-observation";
    public const string SmokingStatus = Base + "us-core-smokingstatus";
    public const string PregnancyStatus = Base + "us-core-observation-pregnancystatus";
    public const string BloodPressure = Base + "us-core-blood-pressure";
    public const string HeartRate = Base + "us-core-heart-rate";
    public const string RespiratoryRate = Base + "us-core-respiratory-rate";
    public const string BodyTemperature = Base + "us-core-body-temperature";
    public const string BodyWeight = Base + "us-core-body-weight";
    public const string BodyHeight = Base + "us-core-body-height";
    public const string Bmi = Base + "us-core-bmi";
    public const string PulseOximetry = Base + "us-core-pulse-oximetry";
    public const string PediatricBmiForAge = Base + "pediatric-bmi-for-age";

    public const string BirthSexExtension = Base + "us-core-birthsex";
    public const string RaceExtension = Base + "us-core-race";
    public const string EthnicityExtension = Base + "us-core-ethnicity";
}
