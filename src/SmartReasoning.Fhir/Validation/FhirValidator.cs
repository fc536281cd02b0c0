using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>The issues found validating one resource.</summary>
public sealed class ValidationResult(IReadOnlyList<ValidationIssue> issues)
{
    public IReadOnlyList<ValidationIssue> Issues { get; } = issues;
    public IEnumerable<ValidationIssue> Errors => Issues.Where(i => i.IsError);
    public int ErrorCount => Issues.Count(i => i.IsError);
    public bool IsValid => ErrorCount == 0;
    public OperationOutcome ToOperationOutcome() => OutcomeBuilder.ToOperationOutcome(Issues);
}

/// <summary>
/// Validates FHIR R4 JSON resources against StructureDefinitions: the base definition of each resource, the
/// profiles asked for, and those in <c>meta.profile</c>. Reusable and thread-safe; the definitions and value set
/// expansions it reads are cached by <see cref="ConformanceResources"/> and <see cref="Terminology"/>.
/// <para>
/// Two views of the instance are walked together: the JSON tree for structure (unknown elements, JSON shape,
/// primitive lexical forms, cardinality, fixed/pattern values, bindings, slicing), since the typed model cannot
/// represent what is wrong; and the typed model (parsed leniently) for the FHIRPath invariants, since that is
/// what the FHIRPath engine evaluates.
/// </para>
/// </summary>
public sealed class FhirValidator
{
    private static readonly ConditionalWeakTable<ConformanceResources, Terminology> Terminologies = [];
    private static readonly FhirJsonParser LenientParser = new(FhirJsonParserOptions.Lenient);

    private readonly ConformanceResources _resources;
    private readonly Terminology _terminology;

    public FhirValidator(ConformanceResources resources, ValidationOptions? options = null)
    {
        _resources = resources;
        Options = options ?? ValidationOptions.Default;
        _terminology = Terminologies.GetValue(resources, r => new Terminology(r));
    }

    public ValidationOptions Options { get; }

    /// <summary>Core constraints deliberately not evaluated, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> SkippedConstraints => InvariantValidator.Skipped;

    /// <summary>Constraints met so far whose expression the FHIRPath engine could not compile, with its reason.</summary>
    public static IReadOnlyDictionary<string, string> ConstraintsNotCompiled => InvariantValidator.NotCompiled;


    public ValidationResult Validate(string json) => Validate(Encoding.UTF8.GetBytes(json));

    public ValidationResult Validate(ReadOnlyMemory<byte> utf8Json)
    {
        var run = new ValidationRun(_resources, Options, _terminology);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            run.Outcome.Add(ValidationMessages.JsonSyntax, "", ex.Message);
            return new ValidationResult(run.Outcome.Issues);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                run.Outcome.Add(ValidationMessages.NotAResource, "", "the JSON is not an object");
                return new ValidationResult(run.Outcome.Issues);
            }
            Resource? typed = null;
            if (Options.CheckInvariants)
            {
                try { typed = LenientParser.Parse(utf8Json).Value; }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or InvalidCastException) { typed = null; }
            }
            run.ResourceValidator.Validate(root, typed, ElementPath.Root(root.Str("resourceType") ?? ""), null, Options.Profiles);
            return new ValidationResult(run.Outcome.Issues);
        }
    }
}
