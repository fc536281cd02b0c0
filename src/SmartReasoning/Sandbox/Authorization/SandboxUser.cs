using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// The clinician signed in to the sandbox EHR. The sandbox has no login: the user is the patient's general
/// practitioner when there is one, otherwise the first Practitioner on file.
/// </summary>
public static class SandboxUser
{
    /// <summary>The user as a reference such as <c>Practitioner/abc</c>, or null when the store holds no Practitioner.</summary>
    public static string? For(FhirResourceStore store, string? patientId)
    {
        if (patientId is not null && store.Read("Patient", patientId)?.Resource is Patient patient
            && patient.GeneralPractitioner.Select(r => r.ReferenceValue?.Value).FirstOrDefault(r => r?.StartsWith("Practitioner/", StringComparison.Ordinal) == true) is { } gp
            && store.Read("Practitioner", gp["Practitioner/".Length..]) is { IsDeleted: false })
            return gp;
        return store.Current("Practitioner").FirstOrDefault() is { } first ? first.Reference : null;
    }
}
