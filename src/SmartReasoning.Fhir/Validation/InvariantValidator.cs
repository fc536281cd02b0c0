using System.Collections.Concurrent;
using System.Text.Json;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Invariants (<c>ElementDefinition.constraint</c>) evaluated as FHIRPath over the typed model, each expression
/// compiled once per process; the hot core ones are checked on the JSON instead (<see cref="InvariantFastPaths"/>),
/// so that the typed model of a resource is read only when one of the others is met in it. An expression the engine cannot compile, or that fails on an instance, is not an
/// error of the instance: it is reported once as information (see <see cref="Skipped"/> for the known ones).
/// </summary>
internal sealed class InvariantValidator(ValidationRun run)
{
    private static readonly ConcurrentDictionary<string, FhirPathExpression?> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// Core constraints not evaluated, and why. Their expressions compile, but a rule of the validator states what
    /// they mean better, or they are known to be wrong in R4 4.0.1.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Skipped { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // "All FHIR elements must have a @value or children", on every element: the JSON walk checks exactly this
        // (an empty object, an array item with neither value nor companion, an empty companion), far cheaper than
        // evaluating it on every node of the model.
        ["ele-1"] = "checked by the JSON walk: empty objects, array items without a value or companion, empty companions",
        // Checked by ContainedValidator with the same rule: evaluated as published, its %resource.descendants() operands
        // walk the whole resource four times for each contained resource, which cost more than all the rest.
        ["dom-3"] = "checked by ContainedValidator: every contained resource is referred to ('#id') from the resource, or refers to it ('#')",
        // Checked by the XHTML rules (XhtmlValidator); the expression calls htmlChecks(), a validator-only function.
        ["txt-1"] = "htmlChecks() is a validator function: the XHTML rules check the narrative instead",
        ["txt-2"] = "htmlChecks() is a validator function: the XHTML rules check the narrative instead",
    };

    /// <summary>Constraint keys whose expression failed to compile in this process, with the compiler's reason.</summary>
    public static ConcurrentDictionary<string, string> NotCompiled { get; } = new(StringComparer.Ordinal);


    /// <summary>
    /// Evaluates the constraints of <paramref name="def"/> (and of its type's root) at one value: <paramref name="json"/>,
    /// at <paramref name="path"/> in the resource of <paramref name="scope"/>.
    /// </summary>
    public void Check(ElementNode def, StructureDefinitionInfo? type, JsonElement? json, ElementPath path, ResourceScope scope)
    {
        if (!run.Options.CheckInvariants || run.InvariantsSuppressed) return;
        var constraints = def.EffectiveConstraints(type, Skipped);
        if (constraints.Count == 0) return;
        Base? focus = null;
        var focusFound = false;
        for (var c = 0; c < constraints.Count; c++) // not foreach: the IReadOnlyList's enumerator would be boxed
        {
            var constraint = constraints[c];
            constraint.Compiled ??= CompileOnce(constraint);
            if (constraint.Compiled is not FhirPathExpression expression) continue;
            constraint.FastPath ??= InvariantFastPaths.For(constraint) ?? (object)false;
            if (run.Options.InvariantFastPaths && constraint.FastPath is InvariantFastPaths.Check fast && json is { } value)
            {
                var verdict = fast(value, scope);
                if (verdict == false) Report(constraint, path);
                if (verdict is not null) continue;
            }
            constraint.Holds ??= InvariantFastPaths.HoldsFor(constraint) ?? (object)false;
            if (run.Options.InvariantFastPaths && constraint.Holds is Func<JsonElement, bool> holds && json is { ValueKind: JsonValueKind.Object } focusJson
                && holds(focusJson))
                continue;
            if (!focusFound)
            {
                focusFound = true;
                focus = scope.Typed is { } resource ? path.Navigate(scope.Path, resource) : null;
            }
            if (focus is null) continue;
            var environment = scope.Environment ??= Environment(scope);
            bool? result;
            try
            {
                result = expression.EvaluateBoolean(focus, environment);
            }
            catch (FhirPathException ex)
            {
                run.Outcome.Add(ValidationMessages.ConstraintNotCompiled, path, constraint.Key, ex.Message);
                continue;
            }
            if (result == false) Report(constraint, path);
        }
    }

    // Apart from Check: the lambdas here would otherwise have their closure allocated on every call of it.
    private static object CompileOnce(ConstraintDef constraint) =>
        Compiled.GetOrAdd(constraint.Expression!, t => Compile(constraint.Key, t)) ?? (object)false;

    private FhirPathEnvironment Environment(ResourceScope scope) => new()
    {
        Resource = scope.Typed,
        RootResource = scope.IsContained ? scope.Parent?.Typed : scope.Typed,
        IsInValueSet = (system, code, vs) => run.Terminology.IsInValueSet(vs, system, code),
    };

    private void Report(ConstraintDef constraint, ElementPath path) =>
        run.Outcome.Add(constraint.IsError ? ValidationMessages.ConstraintFailed : ValidationMessages.ConstraintWarning, path, constraint.Key, constraint.Human);

    /// <summary>
    /// Expression texts R4 4.0.1 publishes that a strict FHIRPath engine cannot evaluate as meant, and how they are
    /// read instead. dom-3 (and others) write <c>descendants().as(canonical)</c>, which is an error on a collection of
    /// more than one item under FHIRPath N1; the reference validator reads it as <c>ofType(canonical)</c>.
    /// </summary>
    public static IReadOnlyList<(string From, string To, string Reason)> Rewrites { get; } =
    [
        ("descendants().as(", "descendants().ofType(", "as() on many items is an error in FHIRPath N1; R4 meant ofType()"),
    ];

    private static FhirPathExpression? Compile(string key, string text)
    {
        foreach (var (from, to, _) in Rewrites) text = text.Replace(from, to, StringComparison.Ordinal);
        try
        {
            return FhirPathCompiler.Default.Compile(text);
        }
        catch (FhirPathException ex)
        {
            NotCompiled[key] = ex.Message;
            return null;
        }
    }
}
