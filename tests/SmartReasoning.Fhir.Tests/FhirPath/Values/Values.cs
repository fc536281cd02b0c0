using SmartReasoning.Fhir.FhirPath;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

/// <summary>Short constructors for the tests: parse or fail loudly.</summary>
internal static class V
{
    public static FhirPathDate Date(string text) =>
        FhirPathDate.TryParse(text, out var v) ? v! : throw new ArgumentException($"not a date: {text}", nameof(text));

    public static FhirPathDateTime DateTime(string text) =>
        FhirPathDateTime.TryParse(text, out var v) ? v! : throw new ArgumentException($"not a datetime: {text}", nameof(text));

    public static FhirPathTime Time(string text) =>
        FhirPathTime.TryParse(text, out var v) ? v! : throw new ArgumentException($"not a time: {text}", nameof(text));

    /// <summary>A quantity from its FHIRPath literal text, e.g. "5 'mg'" or "4 days".</summary>
    public static FhirPathQuantity Q(string text) =>
        FhirPathQuantity.TryParse(text, out var v) ? v! : throw new ArgumentException($"not a quantity: {text}", nameof(text));
}
