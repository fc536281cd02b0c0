using System.Globalization;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Sandbox.Synthetic;

/// <summary>Read-only questions about one generated bundle, answered from the model the way a client would.</summary>
internal sealed class PatientView(Bundle bundle)
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Cvx = "http://hl7.org/fhir/sid/cvx";
    public const string Ucum = "http://unitsofmeasure.org";

    public Bundle Bundle { get; } = bundle;

    public Archetype Archetype => SyntheticCohort.ArchetypeOf(Bundle) ?? throw new InvalidOperationException("untagged bundle");

    public Patient Patient => Resources<Patient>().Single();

    public IEnumerable<T> Resources<T>() where T : Resource => Bundle.Entry.Select(e => e.Resource).OfType<T>();

    /// <summary>The date the history was generated up to (the bundle's timestamp).</summary>
    public DateOnly Today => DateOnly.FromDateTime(ParseTime(Bundle.Timestamp!.Value!));

    public static DateTime ParseTime(string text) =>
        text.Length == 10
            ? DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static bool HasCode(CodeableConcept? concept, string system, params string[] codes) =>
        concept is not null && concept.Coding.Any(c => c.System?.Value == system && codes.Contains(c.Code?.Value));

    /// <summary>Numeric results of the given LOINC codes, oldest first.</summary>
    public List<(DateTime When, decimal Value)> Series(params string[] loincCodes) =>
        Resources<Observation>()
            .Where(o => HasCode(o.Code, Loinc, loincCodes) && o.Value is Quantity)
            .Select(o => (ParseTime(((FhirDateTime)o.Effective!).Value!), ((Quantity)o.Value!).Value!.Value!.Value))
            .OrderBy(x => x.Item1)
            .ToList();

    public IEnumerable<MedicationRequest> ActiveMedications =>
        Resources<MedicationRequest>().Where(m => m.Status?.Enum == MedicationrequestStatus.Active);

    public static string RxNormCode(MedicationRequest request) =>
        ((CodeableConcept)request.Medication!).Coding.Single(c => c.System?.Value == RxNorm).Code!.Value!;

    public static string RxNormDisplay(MedicationRequest request) =>
        ((CodeableConcept)request.Medication!).Coding.Single(c => c.System?.Value == RxNorm).Display!.Value!;

    public IEnumerable<Condition> ActiveConditions =>
        Resources<Condition>().Where(c => HasCode(c.ClinicalStatus, "http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));

    public bool HasActiveCondition(params string[] snomedCodes) => ActiveConditions.Any(c => HasCode(c.Code, Snomed, snomedCodes));

    public IEnumerable<DateTime> EncounterStarts =>
        Resources<Encounter>().Select(e => ParseTime(e.Period!.Start!.Value!));

    /// <summary>Age in whole years on a date.</summary>
    public int AgeOn(DateOnly date)
    {
        var birth = DateOnly.ParseExact(Patient.BirthDate!.Value!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var age = date.Year - birth.Year;
        return date < birth.AddYears(age) ? age - 1 : age;
    }
}

/// <summary>The default cohort, generated once for all tests.</summary>
internal static class Cohort
{
    private static readonly Lazy<IReadOnlyList<PatientView>> s_default =
        new(() => SyntheticCohort.Generate().Select(b => new PatientView(b)).ToList());

    public static IReadOnlyList<PatientView> Default => s_default.Value;

    public static PatientView Of(Archetype archetype) => Default.Single(p => p.Archetype == archetype);
}
