using System.Security.Cryptography;
using System.Text;
using SmartReasoning.Reason;

namespace SmartReasoning.WriteBack;

/// <summary>
/// What makes two findings the same finding: the patient, the kind, the evidence (as a set) and the model that produced
/// it (name and version). Its SHA-256 (lower-case hex) keys the conditional create, so writing the same finding again,
/// from a retry or a second launch, finds the first and creates nothing. Title, rationale, severity and confidence are
/// not part of it: a reworded finding about the same facts from the same model is still that finding.
/// </summary>
public static class FindingFingerprint
{
    public static string Of(Finding finding, string patientReference, ReasonerInfo reasoner)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentException.ThrowIfNullOrEmpty(patientReference);
        ArgumentNullException.ThrowIfNull(reasoner);
        var evidence = finding.Evidence.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        // One field per line; no field holds a line feed that could make two different findings read the same.
        var text = string.Join('\n',
            new[] { "finding-fingerprint/1", patientReference, finding.Kind.System + "|" + finding.Kind.Code, reasoner.Name, reasoner.Version }
                .Concat(evidence)
                .Select(f => f.Replace("\n", " ", StringComparison.Ordinal)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
