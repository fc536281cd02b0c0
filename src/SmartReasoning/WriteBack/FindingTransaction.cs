using SmartReasoning.Fhir.Model;
using static SmartReasoning.WriteBack.AiTransparencyCodes;

namespace SmartReasoning.WriteBack;

/// <summary>
/// One finding as one transaction Bundle of three conditional creates: the Device (keyed on name@version), the
/// Observation (keyed on the finding's fingerprint) and the Provenance (keyed on its target's fingerprint). The
/// Provenance and Observation point at the others by fullUrl (urn:uuid:), which the server rewrites to the ids it
/// assigns, or to the ids of the resources that already exist; so sending it twice, or from two launches, leaves
/// one Observation set in the chart.
/// </summary>
public static class FindingTransaction
{
    /// <summary>The transaction of a set built with urn:uuid: placeholders (see <see cref="For"/>).</summary>
    public static Bundle Build(FindingResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var (device, observation, provenance) = (set.DeviceRef, set.ObservationRef, NewUrn());
        return new Bundle
        {
            Type = BundleType.Transaction,
            Entry =
            [
                Create(device, set.Device, Condition("identifier", ReasonerSystem, set.Device.Identifier[0].Value!.Value!)),
                Create(observation, set.Observation, Condition("identifier", FingerprintSystem, set.Fingerprint)),
                Create(provenance, set.Provenance, Condition("target:identifier", FingerprintSystem, set.Fingerprint)),
            ],
        };
    }

    /// <summary>Builds the resources with urn:uuid: references between them and wraps them in the transaction.</summary>
    public static (FindingResourceSet Set, Bundle Transaction) For(Reason.Finding finding, FindingSubject subject, Reason.ReasonerInfo reasoner,
        DateTimeOffset issued, DeviceOwner? owner = null)
    {
        var set = FindingResources.Build(finding, subject, reasoner, issued, NewUrn(), NewUrn(), owner);
        return (set, Build(set));
    }

    /// <summary>A search query (the part of a URL after <c>?</c>): the token escaped for FHIR search, then for the URL.</summary>
    internal static string Condition(string parameter, string system, string value) => parameter + "=" + Uri.EscapeDataString(TokenQuery(system, value));

    private static string NewUrn() => "urn:uuid:" + Guid.NewGuid().ToString("D");

    private static Bundle.EntryComponent Create(string fullUrl, Resource resource, string ifNoneExist) => new()
    {
        FullUrl = new FhirUri { Value = fullUrl },
        Resource = resource,
        Request = new Bundle.RequestComponent
        {
            Method = HTTPVerb.POST,
            Url = new FhirUri { Value = resource.TypeInfo.Name },
            IfNoneExist = new FhirString { Value = ifNoneExist },
        },
    };
}
