using System.Net;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Launch;

/// <summary>
/// The first FHIR read of a launch, <c>Patient/{id}</c> with the launch's token: the proof that the token works
/// (the app page and the probe).
/// </summary>
public static class PatientRead
{
    private const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The patient in context; throws <see cref="LaunchFailure"/> (FhirRead) when the EHR will not give it.</summary>
    public static async Task<Patient> ReadAsync(HttpClient http, FhirAccess access, CancellationToken cancellationToken)
    {
        if (access.Patient is null)
            throw new LaunchFailure(LaunchStep.FhirRead, "No patient is open", "This launch has no patient in context.", StatusCodes.Status400BadRequest);
        using var request = access.Request(HttpMethod.Get, $"Patient/{Uri.EscapeDataString(access.Patient)}");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new LaunchFailure(LaunchStep.FhirRead, "The EHR did not give the patient's record", response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => "The FHIR server refused the access token (401).",
                    HttpStatusCode.Forbidden => "The FHIR server says the granted scopes do not cover this patient (403).",
                    HttpStatusCode.NotFound => "The FHIR server has no such patient (404).",
                    var status => $"The FHIR server answered {(int)status} to the read of the patient.",
                }, response.StatusCode == HttpStatusCode.Unauthorized ? StatusCodes.Status401Unauthorized : StatusCodes.Status502BadGateway);
            if (response.Content.Headers.ContentLength > MaxBytes) throw Unreadable("the answer is too large");
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(bytes);
            return parsed.Value as Patient ?? throw Unreadable(parsed.Value is null ? "the answer is not FHIR JSON" : $"the answer is a {parsed.Value.FhirTypeName}, not a Patient");
        }
        catch (HttpRequestException ex)
        {
            throw new LaunchFailure(LaunchStep.FhirRead, "The EHR's FHIR server could not be reached", $"The FHIR server could not be reached: {LaunchFailure.Quote(ex.Message, 160)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LaunchFailure(LaunchStep.FhirRead, "The EHR's FHIR server did not answer", "The FHIR server did not answer in time.");
        }
    }

    /// <summary>How a person is called on screen: the first usable name, else the id.</summary>
    public static string DisplayName(Patient patient)
    {
        var name = patient.Name.FirstOrDefault(n => n.Use?.Value == "official") ?? patient.Name.FirstOrDefault();
        if (name is null) return patient.Id ?? "(no name)";
        if (name.Text?.Value is { Length: > 0 } text) return text;
        return $"{string.Join(' ', name.Given.Select(g => g.Value))} {name.Family?.Value}".Trim() is { Length: > 0 } joined ? joined : patient.Id ?? "(no name)";
    }

    private static LaunchFailure Unreadable(string why) =>
        new(LaunchStep.FhirRead, "The EHR's answer could not be read", $"The patient read returned something unusable: {why}.");
}
