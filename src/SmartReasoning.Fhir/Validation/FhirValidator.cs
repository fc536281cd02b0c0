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
/// The JSON tree is walked for structure (unknown elements, JSON shape, primitive lexical forms, cardinality,
/// fixed/pattern values, bindings, slicing), since the typed model cannot represent what is wrong. The FHIRPath
/// invariants are evaluated over the typed model (parsed leniently), which is read only for the resources that
/// need it: the hot core invariants (ext-1, ref-1, per-1, dom-*, bdl-*) are checked on the JSON with the same
/// verdicts (<see cref="InvariantFastPaths"/>).
/// </para>
/// </summary>
public sealed class FhirValidator
{
    private static readonly ConditionalWeakTable<ConformanceResources, Terminology> Terminologies = [];

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
            run.ResourceValidator.Validate(root, ElementPath.Root(root.Str("resourceType") ?? ""), null, Options.Profiles);
            return new ValidationResult(run.Outcome.Issues);
        }
    }
}
