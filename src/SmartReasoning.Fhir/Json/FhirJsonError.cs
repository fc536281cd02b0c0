using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Json;

/// <summary>
/// The catalogue of problems the FHIR JSON parser reports. Each has a stable code, the OperationOutcome
/// issue type it maps to, and whether lenient mode can accept the input without losing data.
/// </summary>
public sealed record FhirJsonError(string Code, IssueType Type, string Title)
{
    public static readonly FhirJsonError InvalidJson = new("JSON100", IssueType.Structure, "The input is not well-formed JSON");
    public static readonly FhirJsonError InputTooLarge = new("JSON101", IssueType.TooCostly, "The input is larger than the parser accepts");
    public static readonly FhirJsonError NestingTooDeep = new("JSON102", IssueType.TooCostly, "The JSON is nested deeper than the parser accepts");
    public static readonly FhirJsonError NotAnObject = new("JSON103", IssueType.Structure, "A FHIR resource must be a JSON object");
    public static readonly FhirJsonError ResourceTypeMissing = new("JSON110", IssueType.Required, "The resource has no resourceType");
    public static readonly FhirJsonError ResourceTypeUnknown = new("JSON111", IssueType.NotSupported, "The resourceType is not an R4 resource");
    public static readonly FhirJsonError ResourceTypeInvalid = new("JSON112", IssueType.Structure, "The resourceType must be a JSON string");
    public static readonly FhirJsonError ResourceTypeUnexpected = new("JSON113", IssueType.Invalid, "The resource is not of the type expected here");
    public static readonly FhirJsonError UnknownElement = new("JSON120", IssueType.Structure, "The type has no element of this name");
    public static readonly FhirJsonError ChoiceTypeInvalid = new("JSON121", IssueType.Structure, "A choice element needs a valid type suffix");
    public static readonly FhirJsonError DuplicateProperty = new("JSON122", IssueType.Structure, "A JSON property appears twice in one object");
    public static readonly FhirJsonError ChoiceTypeConflict = new("JSON123", IssueType.Structure, "A choice element has values of more than one type");
    public static readonly FhirJsonError WrongJsonType = new("JSON130", IssueType.Structure, "The JSON value has the wrong type");
    public static readonly FhirJsonError ArrayExpected = new("JSON131", IssueType.Structure, "A repeating element must be a JSON array");
    public static readonly FhirJsonError ArrayNotExpected = new("JSON132", IssueType.Structure, "A non-repeating element must not be a JSON array");
    public static readonly FhirJsonError NullNotAllowed = new("JSON133", IssueType.Structure, "null is only allowed inside arrays of primitives");
    public static readonly FhirJsonError ArrayLengthMismatch = new("JSON134", IssueType.Structure, "A primitive array and its _ companion differ in length");
    public static readonly FhirJsonError InvalidPrimitiveValue = new("JSON135", IssueType.Value, "The value is not valid for its primitive type");
    public static readonly FhirJsonError EmptyValue = new("JSON136", IssueType.Structure, "Empty objects, arrays and strings are not allowed in FHIR JSON");
    public static readonly FhirJsonError NullWithoutExtension = new("JSON137", IssueType.Structure, "A null in a primitive array needs an id or extension in its _ companion");

    /// <summary>Every entry, for documentation and tests.</summary>
    public static IReadOnlyList<FhirJsonError> All { get; } =
    [
        InvalidJson, InputTooLarge, NestingTooDeep, NotAnObject, ResourceTypeMissing, ResourceTypeUnknown, ResourceTypeInvalid,
        ResourceTypeUnexpected, UnknownElement, ChoiceTypeInvalid, DuplicateProperty, ChoiceTypeConflict, WrongJsonType,
        ArrayExpected, ArrayNotExpected, NullNotAllowed, ArrayLengthMismatch, InvalidPrimitiveValue, EmptyValue, NullWithoutExtension,
    ];
}

/// <summary>One problem found while parsing, with where it is in the instance.</summary>
/// <param name="Location">A FHIRPath-like instance location, e.g. <c>Patient.name[0].given[1]</c>.</param>
public sealed record FhirJsonIssue(FhirJsonError Error, IssueSeverity Severity, string Location, string Message)
{
    public string Code => Error.Code;

    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Error.Code} at {Location}: {Message}";
}

/// <summary>The outcome of a parse: the value (null when it could not be read at all) and every problem met.</summary>
public sealed class FhirParseResult<T> where T : Base
{
    internal FhirParseResult(T? value, IReadOnlyList<FhirJsonIssue> issues)
    {
        Value = value;
        Issues = issues;
    }

    public T? Value { get; }

    public IReadOnlyList<FhirJsonIssue> Issues { get; }

    /// <summary>True when a value was read with no error or fatal issue (warnings allowed).</summary>
    public bool IsSuccess => Value is not null && !Issues.Any(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal);

    /// <summary>The issues as a FHIR OperationOutcome, for returning to a client.</summary>
    public OperationOutcome ToOperationOutcome()
    {
        var outcome = new OperationOutcome();
        foreach (var issue in Issues)
            outcome.Issue.Add(OperationOutcomeIssues.Coded(issue.Severity, issue.Error.Type, FhirJsonIssueSystem, issue.Code, issue.Message, issue.Location));
        return OperationOutcomeIssues.Complete(outcome);
    }

    /// <summary>The code system of the parser's issue codes.</summary>
    public const string FhirJsonIssueSystem = "https://smartreasoning.dev/fhir/CodeSystem/json-issue";
}
