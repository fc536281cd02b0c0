using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// R4 requires a vital-sign Observation to carry its profile's "magic" LOINC code (bodytemp: 8310-5). The reference
/// validator recognises a vital sign by that LOINC code or by its SNOMED CT equivalent and checks it against the
/// R4 vital-signs profile; this is the part of that check that fires: a vital sign coded in SNOMED CT only.
/// </summary>
internal static class VitalSignCodes
{
    private sealed record VitalSign(string Profile, string Slice, string Loinc, string Snomed);

    // Profile ids and slice names as in the R4 core package (StructureDefinition-bodytemp.json, ...).
    private static readonly VitalSign[] Signs =
    [
        new("bodytemp", "BodyTempCode", "8310-5", "386725007"), // body temperature
        new("bodytemp", "BodyTempCode", "8310-5", "276885007"), // core body temperature
        new("heartrate", "HeartRateCode", "8867-4", "364075005"),
        new("resprate", "RespRateCode", "9279-1", "86290005"),
        new("bodyweight", "BodyWeightCode", "29463-7", "27113001"),
        new("bodyheight", "BodyHeightCode", "8302-2", "50373000"),
        new("bmi", "BMICode", "39156-5", "60621009"),
        new("bp", "BPCode", "85354-9", "75367002"),
    ];

    public static void Check(JsonElement observation, ElementPath location, OutcomeBuilder outcome)
    {
        if (!observation.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Object
            || !code.TryGetProperty("coding", out var codings) || codings.ValueKind != JsonValueKind.Array) return;
        foreach (var sign in Signs)
        {
            if (!Has(codings, "http://snomed.info/sct", sign.Snomed) || Has(codings, "http://loinc.org", sign.Loinc)) continue;
            outcome.Add(ValidationMessages.VitalSignMagicCode, location.Child("code"), sign.Slice, sign.Loinc, "http://hl7.org/fhir/StructureDefinition/" + sign.Profile + "|4.0.1");
        }
    }

    private static bool Has(JsonElement codings, string system, string code)
    {
        foreach (var coding in codings.EnumerateArray())
            if (coding.ValueKind == JsonValueKind.Object && coding.Str("system") == system && coding.Str("code") == code) return true;
        return false;
    }
}
