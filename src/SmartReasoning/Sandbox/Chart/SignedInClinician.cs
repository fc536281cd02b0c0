using System.Text.Json;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// The clinician the chart shows as signed in, and the one launches and hooks name as the user: whoever
/// <see cref="SandboxUser"/> picks (the patient's general practitioner, else the first Practitioner), with a name
/// to show; a placeholder when the store holds no Practitioner (CDS Hooks still needs a userId).
/// </summary>
internal sealed record SignedInClinician(string Reference, string Name)
{
    public const string Placeholder = "Practitioner/sandbox-clinician";

    public bool IsPlaceholder => Reference == Placeholder;

    public static SignedInClinician For(FhirResourceStore store, string patientId)
    {
        if (SandboxUser.For(store, patientId) is not { } reference) return new SignedInClinician(Placeholder, "Sandbox clinician");
        var parts = reference.Split('/');
        if (store.Read(parts[0], parts[1]) is not { IsDeleted: false } practitioner) return new SignedInClinician(reference, reference);
        using var json = JsonDocument.Parse(practitioner.Json!);
        return new SignedInClinician(reference, PatientChart.Name(json.RootElement));
    }
}
