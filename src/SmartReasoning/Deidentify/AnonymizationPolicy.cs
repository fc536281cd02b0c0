using System.Text.Json;

namespace SmartReasoning.Deidentify;

/// <summary>
/// An ordered list of rules, in the shape of Microsoft's FHIR anonymizer configuration. A value is governed by the
/// first rule (lowest position) that selects it or any node above it, so an early <c>keep</c> of
/// <c>nodesByType('Address').state</c> survives a later <c>redact</c> of the whole address. Values no rule selects are kept.
/// </summary>
public sealed class AnonymizationPolicy
{
    public AnonymizationPolicy(IReadOnlyList<AnonymizationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules) _ = rule.Compiled; // a bad path fails here, not halfway through a patient
        Rules = rules;
    }

    public IReadOnlyList<AnonymizationRule> Rules { get; }

    /// <summary>Key for the date offsets (the anonymizer's <c>dateShiftKey</c>); null uses the process secret.</summary>
    public string? DateShiftKey { get; init; }

    /// <summary>Key for keyed hashes (the anonymizer's <c>cryptoHashKey</c>); null uses the process secret.</summary>
    public string? CryptoHashKey { get; init; }

    /// <summary>A redacted date keeps its year (<c>enablePartialDatesForRedact</c>).</summary>
    public bool PartialDatesForRedact { get; init; }

    /// <summary>A redacted postal code keeps its first three characters (<c>enablePartialZipCodesForRedact</c>).</summary>
    public bool PartialZipCodesForRedact { get; init; }

    /// <summary>Patients older than 89 get a birth date that only says "90 or older" (HIPAA Safe Harbor).</summary>
    public bool GroupAgesOver89 { get; init; } = true;

    /// <summary>
    /// HIPAA Safe Harbor: names, telecom, identifiers, photos, contacts, addresses below state, free text and
    /// narrative are removed; codings, quantities and structure are kept; every date is shifted by the patient's
    /// offset; ids and references become keyed hashes. Strings not bound to a code system are free text and go.
    /// </summary>
    public static AnonymizationPolicy SafeHarbor { get; } = new(
    [
        new("Resource.id", AnonymizationMethod.CryptoHash),
        new("nodesByType('Reference').reference", AnonymizationMethod.CryptoHash),
        new("nodesByType('Reference').display", AnonymizationMethod.Redact),
        new("nodesByType('Identifier')", AnonymizationMethod.Redact),
        new("nodesByType('HumanName')", AnonymizationMethod.Redact),
        new("nodesByType('ContactPoint')", AnonymizationMethod.Redact),
        new("Patient.photo", AnonymizationMethod.Redact),
        new("Patient.contact", AnonymizationMethod.Redact),
        new("DomainResource.text", AnonymizationMethod.Redact),
        new("nodesByType('Annotation')", AnonymizationMethod.Redact),
        new("nodesByType('CodeableConcept').text", AnonymizationMethod.Redact),
        new("nodesByType('Address').state", AnonymizationMethod.Keep),
        new("nodesByType('Address').country", AnonymizationMethod.Keep),
        new("nodesByType('Address').use", AnonymizationMethod.Keep),
        new("nodesByType('Address').type", AnonymizationMethod.Keep),
        new("nodesByType('Address')", AnonymizationMethod.Redact),
        new("nodesByType('Attachment').contentType", AnonymizationMethod.Keep),
        new("nodesByType('Attachment')", AnonymizationMethod.Redact),
        new("nodesByType('date')", AnonymizationMethod.DateShift),
        new("nodesByType('dateTime')", AnonymizationMethod.DateShift),
        new("nodesByType('instant')", AnonymizationMethod.DateShift),
        new("nodesByType('Coding')", AnonymizationMethod.Keep),
        new("nodesByType('Quantity')", AnonymizationMethod.Keep),
        new("nodesByType('SimpleQuantity')", AnonymizationMethod.Keep),
        new("nodesByType('Age')", AnonymizationMethod.Keep),
        new("nodesByType('string')", AnonymizationMethod.Redact),
        new("nodesByType('markdown')", AnonymizationMethod.Redact),
        new("nodesByType('base64Binary')", AnonymizationMethod.Redact),
        new("nodesByType('xhtml')", AnonymizationMethod.Redact),
    ]);

    /// <summary>Reads a policy from the anonymizer's JSON (<c>fhirPathRules</c> and <c>parameters</c>).</summary>
    /// <exception cref="FormatException">The JSON is not a policy, or a rule is unusable; the message says which.</exception>
    public static AnonymizationPolicy Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new FormatException($"The anonymization policy is not valid JSON: {e.Message}", e); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fhirPathRules", out var rulesJson) || rulesJson.ValueKind != JsonValueKind.Array)
                throw new FormatException("The anonymization policy needs a 'fhirPathRules' array.");
            var rules = new List<AnonymizationRule>();
            var position = 0;
            foreach (var ruleJson in rulesJson.EnumerateArray())
            {
                position++;
                var path = StringProperty(ruleJson, "path") ?? throw new FormatException($"Rule {position} has no 'path'.");
                var methodText = StringProperty(ruleJson, "method") ?? throw new FormatException($"Rule {position} ({path}) has no 'method'.");
                var method = ParseMethod(methodText) ?? throw new FormatException(
                    $"Rule {position} ({path}) has the method '{methodText}'; supported are redact, dateShift, cryptoHash, substitute, generalize and keep.");
                string? replaceWith = null;
                if (ruleJson.TryGetProperty("replaceWith", out var replace))
                    replaceWith = replace.ValueKind == JsonValueKind.String ? replace.GetString() : replace.GetRawText();
                // The anonymizer's generalize takes FHIRPath cases; ours coarsens by a fixed rule, so cases would silently mean something else.
                if (ruleJson.TryGetProperty("cases", out _) || ruleJson.TryGetProperty("otherValues", out _))
                    throw new FormatException($"Rule {position} ({path}) has 'cases': generalize here coarsens dates to their year and postal codes to three characters, and takes no cases.");
                if (method == AnonymizationMethod.Substitute && replaceWith is null)
                    throw new FormatException($"Rule {position} ({path}) substitutes but has no 'replaceWith'.");
                var rule = new AnonymizationRule(path, method, replaceWith);
                try { _ = rule.Compiled; }
                catch (FormatException e) { throw new FormatException($"Rule {position}: {e.Message}", e); }
                rules.Add(rule);
            }
            var parameters = root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            return new AnonymizationPolicy(rules)
            {
                DateShiftKey = NonEmpty(StringProperty(parameters, "dateShiftKey")),
                CryptoHashKey = NonEmpty(StringProperty(parameters, "cryptoHashKey")),
                PartialDatesForRedact = BoolProperty(parameters, "enablePartialDatesForRedact") ?? false,
                PartialZipCodesForRedact = BoolProperty(parameters, "enablePartialZipCodesForRedact") ?? false,
                GroupAgesOver89 = BoolProperty(parameters, "enablePartialAgesForRedact") ?? true,
            };
        }
    }

    /// <summary>Reads a policy file in the anonymizer's JSON shape.</summary>
    public static AnonymizationPolicy Load(string path) => Parse(File.ReadAllText(path));

    private static AnonymizationMethod? ParseMethod(string text) => text.ToUpperInvariant() switch
    {
        "REDACT" => AnonymizationMethod.Redact,
        "DATESHIFT" => AnonymizationMethod.DateShift,
        "CRYPTOHASH" => AnonymizationMethod.CryptoHash,
        "SUBSTITUTE" => AnonymizationMethod.Substitute,
        "GENERALIZE" => AnonymizationMethod.Generalize,
        "KEEP" => AnonymizationMethod.Keep,
        _ => null,
    };

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? BoolProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean() : null;

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
