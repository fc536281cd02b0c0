using System.Collections.Concurrent;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Invariants (<c>ElementDefinition.constraint</c>) evaluated as FHIRPath over the typed model, each expression
/// compiled once per process. An expression the engine cannot compile, or that fails on an instance, is not an
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
        // Checked by the XHTML rules (XhtmlValidator); the expression calls htmlChecks(), a validator-only function.
        ["txt-1"] = "htmlChecks() is a validator function: the XHTML rules check the narrative instead",
        ["txt-2"] = "htmlChecks() is a validator function: the XHTML rules check the narrative instead",
    };

    /// <summary>Constraint keys whose expression failed to compile in this process, with the compiler's reason.</summary>
    public static ConcurrentDictionary<string, string> NotCompiled { get; } = new(StringComparer.Ordinal);

    public void Check(IReadOnlyList<ConstraintDef> constraints, Base? focus, string path, ResourceScope scope)
    {
        if (focus is null || constraints.Count == 0 || !run.Options.CheckInvariants) return;
        FhirPathEnvironment? environment = null;
        foreach (var constraint in constraints)
        {
            if (constraint.Expression is not { } text || Skipped.ContainsKey(constraint.Key)) continue;
            var expression = Compiled.GetOrAdd(text, t => Compile(constraint.Key, t));
            if (expression is null) continue;
            environment ??= new FhirPathEnvironment
            {
                Resource = scope.Typed,
                RootResource = scope.IsContained ? scope.Parent?.Typed : scope.Typed,
                IsInValueSet = (system, code, vs) => run.Terminology.IsInValueSet(vs, system, code),
            };
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
            if (result != false) continue;
            run.Outcome.Add(constraint.IsError ? ValidationMessages.ConstraintFailed : ValidationMessages.ConstraintWarning, path, constraint.Key, constraint.Human);
        }
    }

    private static FhirPathExpression? Compile(string key, string text)
    {
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
