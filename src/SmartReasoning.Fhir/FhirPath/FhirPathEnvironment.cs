using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// What an evaluation may see beyond its input: <c>%resource</c>, <c>%rootResource</c>, the caller's variables,
/// how references resolve, which ValueSets are known, where <c>trace()</c> writes, and the clock.
/// </summary>
public sealed class FhirPathEnvironment
{
    /// <summary><c>%resource</c>: the resource that contains the input (defaults to the input when it is a resource).</summary>
    public Base? Resource { get; init; }

    /// <summary><c>%rootResource</c>: the container of a contained resource, or the resource itself.</summary>
    public Base? RootResource { get; init; }

    /// <summary>Variables named by the caller, reachable as <c>%name</c>: each a single value, a collection, or null (empty).</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Dictionary<string, object?>();

    /// <summary>Resolves a reference that is not inside the bundle or contained resources (null: unresolved).</summary>
    public Func<string, Resource?>? ResolveReference { get; init; }

    /// <summary>Decides <c>memberOf()</c>: (code system, code, ValueSet url) to true, false, or null when the ValueSet is unknown.</summary>
    public Func<string?, string, string, bool?>? IsInValueSet { get; init; }

    /// <summary>Decides <c>conformsTo()</c>: (resource, profile url) to true, false, or null when the profile is unknown.</summary>
    public Func<Base, string, bool?>? ConformsTo { get; init; }

    /// <summary>Receives <c>trace(name)</c> output: the name and the traced collection.</summary>
    public Action<string, IReadOnlyList<object>>? Trace { get; init; }

    /// <summary>The clock behind <c>now()</c>, <c>today()</c> and <c>timeOfDay()</c>; fixed per evaluation.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static FhirPathEnvironment Default { get; } = new();
}
