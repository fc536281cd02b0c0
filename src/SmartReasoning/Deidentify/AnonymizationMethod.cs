namespace SmartReasoning.Deidentify;

/// <summary>What a rule does to the nodes it selects, in the vocabulary of Microsoft's FHIR anonymizer.</summary>
public enum AnonymizationMethod
{
    /// <summary>Remove the value (with the partial-date and 3-digit-zip options, keep the harmless part).</summary>
    Redact,
    /// <summary>Move dates, dateTimes and instants by the patient's secret offset; intervals are preserved.</summary>
    DateShift,
    /// <summary>Replace a text value by its keyed hash; resource ids and references become <c>Type/hash</c>.</summary>
    CryptoHash,
    /// <summary>Replace the value by a fixed one (<c>replaceWith</c>: text for a primitive, JSON for a complex node).</summary>
    Substitute,
    /// <summary>Coarsen the value: dates to their year, postal codes to their first three characters; anything else is redacted.</summary>
    Generalize,
    /// <summary>Leave the value as it is.</summary>
    Keep,
}
