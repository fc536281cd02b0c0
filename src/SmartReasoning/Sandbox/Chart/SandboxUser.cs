using System.Text.Json;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// The clinician "logged in" to the sandbox EHR for a chart: the patient's general practitioner when it is a
/// Practitioner in the store, else the first Practitioner (by id, so it is stable), else a placeholder.
/// </summary>
internal sealed record SandboxUser(string Reference, string Name)
{
    /// <summary>Used when the store holds no Practitioner at all (CDS Hooks still needs a userId).</summary>
    public const string Placeholder = "Practitioner/sandbox-clinician";

    public static SandboxUser For(FhirResourceStore store, string patientId)
    {
        if (store.Read("Patient", patientId) is { IsDeleted: false } patient)
        {
            using var json = JsonDocument.Parse(patient.Json!);
            if (json.RootElement.TryGetProperty("generalPractitioner", out var gps) && gps.ValueKind == JsonValueKind.Array)
                foreach (var gp in gps.EnumerateArray())
                    if (PatientChart.Text(gp, "reference") is { } reference && reference.StartsWith("Practitioner/", StringComparison.Ordinal)
                        && store.Read("Practitioner", reference["Practitioner/".Length..]) is { IsDeleted: false } practitioner)
                        return Of(practitioner);
        }
        var first = store.Current("Practitioner").OrderBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault();
        return first is null ? new SandboxUser(Placeholder, "Sandbox clinician") : Of(first);
    }

    private static SandboxUser Of(StoredResource practitioner)
    {
        using var json = JsonDocument.Parse(practitioner.Json!);
        return new SandboxUser(practitioner.Reference, PatientChart.Name(json.RootElement));
    }
}
