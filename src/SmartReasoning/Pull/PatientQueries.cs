namespace SmartReasoning.Pull;

/// <summary>One search (or read) of a patient's record: what it is called in <see cref="Compile.MissingData.What"/>, and its URL relative to the FHIR base.</summary>
internal sealed record PatientQuery(string What, string RelativeUrl);

/// <summary>The per-type searches that make up a patient's record where <c>$everything</c> is not offered.</summary>
internal static class PatientQueries
{
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category|";

    private static readonly string[] PatientTypes =
        ["Condition", "MedicationRequest", "MedicationStatement", "AllergyIntolerance", "Encounter", "Procedure", "Immunization", "DiagnosticReport", "CarePlan"];

    // Observations are searched per category (as Epic requires one) and the three the context uses are asked for separately.
    private static readonly string[] ObservationCategories = ["laboratory", "vital-signs", "social-history"];

    public static IReadOnlyList<PatientQuery> For(string patientId, int pageSize)
    {
        var patient = Uri.EscapeDataString(patientId);
        List<PatientQuery> queries = [new("Patient", $"Patient/{patient}")];
        queries.AddRange(ObservationCategories.Select(c =>
            new PatientQuery($"Observation?category={c}", $"Observation?patient={patient}&category={Uri.EscapeDataString(ObservationCategory + c)}&_count={pageSize}")));
        queries.AddRange(PatientTypes.Select(t => new PatientQuery(t, $"{t}?patient={patient}&_count={pageSize}")));
        return queries;
    }

    public static PatientQuery Everything(string patientId, int pageSize) =>
        new("Patient/$everything", $"Patient/{Uri.EscapeDataString(patientId)}/$everything?_count={pageSize}");
}
