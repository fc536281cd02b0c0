namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// An operation on a System value that FHIRPath defines as an error, for example adding <c>1 'mg'</c> to a date
/// or a date whose year leaves 0001..9999. Outcomes FHIRPath defines as empty are null returns, never this.
/// </summary>
public sealed class FhirPathValueException : Exception
{
    public FhirPathValueException() { }

    public FhirPathValueException(string message) : base(message) { }

    public FhirPathValueException(string message, Exception innerException) : base(message, innerException) { }
}
