using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>One kind of validation message: a stable id, its IssueType, its usual severity and its text.</summary>
/// <param name="Template">A composite format string: {0}, {1}... are filled in by <see cref="Format"/>.</param>
public sealed record ValidationMessage(string Id, IssueType Type, IssueSeverity Severity, string Template)
{
    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, Template, args);
}

/// <summary>
/// Every message the validator gives, in one place. Texts follow the Java reference validator's where a test
/// suite compares them, and say what to change otherwise.
/// </summary>
public static class ValidationMessages
{
    private static ValidationMessage Error(string id, IssueType type, string template) => new(id, type, IssueSeverity.Error, template);
    private static ValidationMessage Warning(string id, IssueType type, string template) => new(id, type, IssueSeverity.Warning, template);
    private static ValidationMessage Info(string id, IssueType type, string template) => new(id, type, IssueSeverity.Information, template);

    // JSON shape
    public static readonly ValidationMessage JsonSyntax = Error("VAL100", IssueType.Invalid, "Error parsing JSON: {0}");
    public static readonly ValidationMessage NotAResource = Error("VAL101", IssueType.Structure, "The content is not a FHIR resource: {0}");
    public static readonly ValidationMessage UnknownResourceType = Error("VAL102", IssueType.Structure, "Unknown resource type '{0}': it is not an R4 resource");
    public static readonly ValidationMessage UnknownProperty = Error("VAL103", IssueType.Structure, "Unrecognized property '{0}'");
    public static readonly ValidationMessage ArrayExpected = Error("VAL104", IssueType.Invalid, "The property {0} must be a JSON Array, not {1} (at {2})");
    public static readonly ValidationMessage ArrayNotExpected = Error("VAL105", IssueType.Invalid, "The property {0} must not be a JSON Array (at {1})");
    public static readonly ValidationMessage EmptyArray = Error("VAL106", IssueType.Invalid, "Array cannot be empty - the property should not be present if it has no values");
    public static readonly ValidationMessage EmptyObject = Error("VAL107", IssueType.Invalid, "Object must have some content");
    public static readonly ValidationMessage WrongJsonType = Error("VAL108", IssueType.Invalid, "The property {0} must be {1}, not {2}");
    public static readonly ValidationMessage NullNotAllowed = Error("VAL109", IssueType.Invalid, "The property {0} is null: null is only allowed inside an array of primitives");
    public static readonly ValidationMessage ArrayItemNoValue = Error("VAL110", IssueType.Invalid, "The JSON array for '{0}' is invalid at index {1} - must have at least one valid value");
    public static readonly ValidationMessage ChoiceTypeConflict = Error("VAL111", IssueType.Structure, "The choice element {0} appears more than once ({1})");
    public static readonly ValidationMessage ResourceTypeMissing = Error("VAL112", IssueType.Invalid, "The resource has no resourceType: add \"resourceType\"");

    // Structure and cardinality
    public static readonly ValidationMessage MinCardinality = Error("VAL200", IssueType.Structure, "{0}: minimum required = {1}, but only found {2} (from {3})");
    public static readonly ValidationMessage MaxCardinality = Error("VAL201", IssueType.Structure, "{0}: max allowed = {1}, but found {2} (from {3})");
    public static readonly ValidationMessage TypeNotAllowed = Error("VAL202", IssueType.Structure, "The type of element {0} is not allowed here: valid types at this point are {1}");
    public static readonly ValidationMessage ProfileTypeMismatch = Error("VAL203", IssueType.Structure, "The Profile '{0}' definition allows for the type {1} but found type {2}");
    public static readonly ValidationMessage ProfileUnknown = Warning("VAL204", IssueType.NotFound, "Profile reference '{0}' has not been checked because it could not be found");
    public static readonly ValidationMessage ProfileWrongType = Error("VAL205", IssueType.Invalid, "The profile {0} is for the type {1}, not {2}");
    public static readonly ValidationMessage SnapshotProblem = Error("VAL206", IssueType.Exception, "Error generating Snapshot for {0}: {1}");
    public static readonly ValidationMessage ResourceNotAllowedHere = Error("VAL207", IssueType.Structure, "The resource type {0} is not allowed here (expected {1})");

    // Primitive values
    public static readonly ValidationMessage InvalidPrimitive = Error("VAL300", IssueType.Invalid, "The value '{0}' is not a valid {1}");
    public static readonly ValidationMessage NotValidDate = Error("VAL301", IssueType.Invalid, "Not a valid date format: '{0}'");
    public static readonly ValidationMessage DateTimeNeedsTimezone = Error("VAL302", IssueType.Invalid, "If a date has a time, it must have a timezone");
    public static readonly ValidationMessage InvalidBase64 = Error("VAL303", IssueType.Invalid, "The value '{0}' is not a valid Base64 value");
    public static readonly ValidationMessage IntegerRange = Error("VAL304", IssueType.Invalid, "The value '{0}' is outside the range of {1}");
    public static readonly ValidationMessage CodeWhitespace = Error("VAL305", IssueType.Invalid, "The code '{0}' is not valid (leading, trailing or repeated whitespace)");
    public static readonly ValidationMessage StringTooLong = Error("VAL306", IssueType.Invalid, "value is longer than permitted maximum length of 1 MB (1048576 bytes)");
    public static readonly ValidationMessage MaxLength = Error("VAL307", IssueType.Invalid, "value is longer than permitted maximum length of {0}");
    public static readonly ValidationMessage InvalidId = Error("VAL308", IssueType.Invalid, "Invalid Resource id: Invalid Characters ('{0}')");
    public static readonly ValidationMessage IdTooLong = Error("VAL309", IssueType.Invalid, "Invalid Resource id: Too long ({0} chars)");
    public static readonly ValidationMessage StringWhitespace = Warning("VAL310", IssueType.Invalid, "The string value has leading or trailing whitespace; trim it");
    public static readonly ValidationMessage EmptyString = Error("VAL311", IssueType.Invalid, "@value cannot be empty");
    public static readonly ValidationMessage BelowMinValue = Error("VAL312", IssueType.Invalid, "The value {0} is less than the permitted minimum value of {1}");
    public static readonly ValidationMessage AboveMaxValue = Error("VAL313", IssueType.Invalid, "The value {0} is greater than the permitted maximum value of {1}");
    public static readonly ValidationMessage UriWhitespace = Error("VAL314", IssueType.Invalid, "URI values cannot have whitespace ('{0}')");
    public static readonly ValidationMessage AbsoluteSystem = Error("VAL315", IssueType.Invalid, "Coding.system must be an absolute reference, not a local reference");
    public static readonly ValidationMessage ExtensionOnResourceId = Error("VAL316", IssueType.BusinessRule, "Extensions are not allowed on Resource.id ('{0}')");
    public static readonly ValidationMessage AttachmentSize = Error("VAL317", IssueType.Structure, "Stated Attachment Size {0} does not match actual attachment size {1}");

    public static readonly ValidationMessage HtmlInMarkdown = Error("VAL318", IssueType.Invalid, "The markdown contains content that appears to be an embedded HTML tag starting at '{0}': write it as markdown, or escape the '<'");
    public static readonly ValidationMessage QuantityBelowMin = Error("VAL319", IssueType.Invalid, "The value in the instance ({0} {1}) is less than the specified minValue ({2} {3})");
    public static readonly ValidationMessage BelowMinDuration = Error("VAL321", IssueType.Invalid, "The date/time value '{0}' is not legal: minValue is {1} before now (which is {2})");
    public static readonly ValidationMessage AboveMaxDuration = Error("VAL322", IssueType.Invalid, "The date/time value '{0}' is not legal: maxValue is {1} after now (which is {2})");
    public static readonly ValidationMessage VitalSignMagicCode = Error("VAL323", IssueType.Structure, "{0}: magic LOINC code {1} required, but not found (from {2}). Note that other Observation codes are allowed in addition to this required magic code");
    public static readonly ValidationMessage QuantityAboveMax = Error("VAL320", IssueType.Invalid, "The value in the instance ({0} {1}) is greater than the specified maxValue ({2} {3})");

    // Fixed and pattern values
    public static readonly ValidationMessage FixedValue = Error("VAL400", IssueType.Value, "Value is '{0}' but is fixed to '{1}'");
    public static readonly ValidationMessage FixedMissing = Error("VAL401", IssueType.Value, "Missing element '{0}' - required by fixed value '{1}'");
    public static readonly ValidationMessage FixedExtra = Error("VAL402", IssueType.Value, "The element {0} is present in the instance but not allowed in the applicable fixed value specified in profile");
    public static readonly ValidationMessage PatternMismatch = Error("VAL403", IssueType.Value, "The value does not match the pattern of {0}: expected {1}");

    // Slicing
    public static readonly ValidationMessage SliceClosed = Error("VAL500", IssueType.Invalid, "This element does not match any known slice defined in the profile {0} and slicing is CLOSED");
    public static readonly ValidationMessage SliceMin = Error("VAL501", IssueType.Structure, "Slice '{0}': a matching slice is required, but not found (from {1})");
    public static readonly ValidationMessage SliceMax = Error("VAL502", IssueType.Structure, "{0}: max allowed = {1}, but found {2} (from {3})");
    public static readonly ValidationMessage SliceOrder = Error("VAL503", IssueType.Invalid, "As specified by profile {0}, Element '{1}' is out of order in the slicing");
    public static readonly ValidationMessage SliceDiscriminatorUnsupported = Info("VAL504", IssueType.Informational, "The slicing discriminator '{0}' of {1} could not be evaluated here; the slice was matched by its whole definition");

    // Terminology
    public static readonly ValidationMessage CodeNotInRequired = Error("VAL600", IssueType.CodeInvalid, "The value provided ('{0}') was not found in the value set '{1}' ({2}), and a code is required from this value set");
    public static readonly ValidationMessage CodingNotInRequired = Error("VAL601", IssueType.CodeInvalid, "None of the codings provided are in the value set '{0}' ({1}), and a coding from this value set is required) (codes = {2})");
    public static readonly ValidationMessage CodingNotInExtensible = Warning("VAL602", IssueType.CodeInvalid, "None of the codings provided are in the value set '{0}' ({1}), and a coding should come from this value set unless it has no suitable code (codes = {2})");
    public static readonly ValidationMessage ValueSetNotExpandable = Info("VAL603", IssueType.Informational, "The value set {0} cannot be expanded without a terminology server, so the code was not checked");
    public static readonly ValidationMessage ValueSetUnknown = Warning("VAL604", IssueType.NotFound, "The value set {0} is not known, so the code was not checked");
    public static readonly ValidationMessage CodeUnknownInSystem = Error("VAL605", IssueType.CodeInvalid, "Unknown code '{0}' in the CodeSystem '{1}'");
    public static readonly ValidationMessage UnitNotInRequired = Error("VAL606", IssueType.CodeInvalid, "The code provided ({0}#{1}) was not found in the value set '{2}' ({3})");
    public static readonly ValidationMessage DisplayWrong = Warning("VAL607", IssueType.Invalid, "Wrong Display Name '{0}' for {1}#{2}. Valid display is '{3}'");
    public static readonly ValidationMessage CodingIsValueSet = Error("VAL608", IssueType.Invalid, "The Coding references a value set, not a code system ('{0}')");

    // Invariants
    public static readonly ValidationMessage ConstraintFailed = Error("VAL700", IssueType.Invariant, "Constraint failed: {0}: '{1}'");
    public static readonly ValidationMessage ConstraintWarning = Warning("VAL701", IssueType.Invariant, "Constraint failed: {0}: '{1}'");
    public static readonly ValidationMessage ConstraintNotCompiled = Info("VAL702", IssueType.Informational, "The constraint {0} was not checked: its expression cannot be evaluated here ({1})");

    // Extensions
    public static readonly ValidationMessage ExtensionUnknown = Error("VAL800", IssueType.Structure, "The extension {0} could not be found so is not allowed here");
    public static readonly ValidationMessage ExtensionUnknownAllowed = Warning("VAL801", IssueType.Structure, "The extension {0} is unknown, and not allowed here");
    public static readonly ValidationMessage ExtensionContext = Warning("VAL802", IssueType.Structure, "The extension {0} is not allowed to be used at this point (allowed = {1}; this element is [{2}])");
    public static readonly ValidationMessage ExtensionUrlMissing = Error("VAL803", IssueType.Invalid, "Extension.url is required in order to identify, use and validate the extension");
    public static readonly ValidationMessage ModifierExtensionNotModifier = Error("VAL804", IssueType.Structure, "The extension {0} is not a modifier extension, so it cannot be used in modifierExtension");
    public static readonly ValidationMessage ExtensionIsModifier = Error("VAL805", IssueType.Structure, "The extension {0} is a modifier extension, so it must be used in modifierExtension");
    public static readonly ValidationMessage ExtensionVersioned = Error("VAL806", IssueType.Invalid, "The extension URL must not contain a version ('{0}')");
    public static readonly ValidationMessage ExampleUrl = Error("VAL807", IssueType.Invalid, "Example URLs are not allowed in this context ({0})");

    // References and bundles
    public static readonly ValidationMessage ReferenceTargetType = Error("VAL900", IssueType.Structure, "Invalid Resource target type. Found {0}, but expected one of ({1})");
    public static readonly ValidationMessage ReferenceTargetProfile = Error("VAL914", IssueType.Structure, "The resource that '{0}' refers to does not conform to the profile the element requires ({1})");
    public static readonly ValidationMessage LocalReferenceNotFound = Error("VAL901", IssueType.Structure, "Unable to resolve resource with reference '{0}'");
    public static readonly ValidationMessage FullUrlNotAbsolute = Error("VAL902", IssueType.Invalid, "The fullUrl must be an absolute URL (not '{0}')");
    public static readonly ValidationMessage FullUrlMismatch = Warning("VAL903", IssueType.Invalid, "The fullUrl '{0}' does not match the resource's type and id ({1}/{2})");
    public static readonly ValidationMessage BundleReferenceNotFound = Error("VAL904", IssueType.Invalid, "Can't find '{0}' in the bundle ({1})");
    public static readonly ValidationMessage BundleReferenceAmbiguous = Error("VAL905", IssueType.Invalid, "Found {0} matches for '{1}' in the bundle ({2})");
    public static readonly ValidationMessage DuplicateFullUrl = Error("VAL906", IssueType.Invalid, "Duplicate entries in the bundle with the fullUrl '{0}' (entries {1})");
    public static readonly ValidationMessage BundleLinkDuplicate = Error("VAL907", IssueType.Invalid, "The link relationship type '{0}' can only occur once");
    public static readonly ValidationMessage DuplicateId = Error("VAL908", IssueType.BusinessRule, "Duplicate id value '{0}'");
    public static readonly ValidationMessage SearchResultNoId = Error("VAL909", IssueType.Invalid, "Search results must have ids");
    public static readonly ValidationMessage DocumentNeedsComposition = Error("VAL910", IssueType.Invalid, "The first entry in a document must be a Composition");
    public static readonly ValidationMessage MessageNeedsHeader = Error("VAL911", IssueType.Invalid, "The first entry in a message must be a MessageHeader");
    public static readonly ValidationMessage CanonicalNotAbsolute = Error("VAL912", IssueType.Invalid, "Canonical URLs must be absolute URLs if they are not fragment references ({0})");

    // Narrative
    public static readonly ValidationMessage XhtmlElement = Error("VAL950", IssueType.Invalid, "Invalid element name in the XHTML ('{0}')");
    public static readonly ValidationMessage XhtmlEntity = Error("VAL951", IssueType.Invalid, "Invalid entity in the XHTML ('{0}')");
    public static readonly ValidationMessage XhtmlNotDiv = Error("VAL952", IssueType.Invalid, "The narrative must be a single XHTML div element in the XHTML namespace: {0}");

    /// <summary>Every message, for listing and for tests that check ids are unique.</summary>
    public static IReadOnlyList<ValidationMessage> All { get; } =
        [.. typeof(ValidationMessages).GetFields().Where(f => f.FieldType == typeof(ValidationMessage)).Select(f => (ValidationMessage)f.GetValue(null)!)];
}
