using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The state of one evaluation: the environment, <c>%context</c>, and the iteration variables <c>$this</c>,
/// <c>$index</c> and <c>$total</c>, which functions like <c>where()</c> set and restore around each item.
/// </summary>
internal sealed class EvaluationScope(FhirPathEnvironment environment, IReadOnlyList<object> context)
{
    public FhirPathEnvironment Environment { get; } = environment;

    /// <summary><c>%context</c>: the original input of the evaluation.</summary>
    public IReadOnlyList<object> Context { get; } = context;

    public object? This { get; set; }
    public int Index { get; set; }
    public object? Total { get; set; }

    private DateTimeOffset? _now;

    /// <summary>The one instant all of <c>now()</c>, <c>today()</c> and <c>timeOfDay()</c> see in this evaluation.</summary>
    public DateTimeOffset Now => _now ??= Environment.Clock.GetLocalNow();

    /// <summary>The resource containing an item: the nearest resource on the way in, or <c>%resource</c>.</summary>
    public Base? Resource => Environment.Resource ?? (Context.Count == 1 && Context[0] is Resource r ? r : null);

    public Base? RootResource => Environment.RootResource ?? Resource;
}
