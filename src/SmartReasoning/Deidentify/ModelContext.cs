using SmartReasoning.Compile;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Deidentify;

/// <summary>
/// What a model receives about a patient: the rendering of the context compiled from the de-identified resources,
/// checked for every identifier of the original record before it may leave, and the in-process map that turns the
/// model's citations back into real references.
/// </summary>
public sealed record ModelContext(ContextRendering Rendering, LongitudinalContext Context, ReferenceMap Map)
{
    /// <summary>
    /// The leak check of the original record, kept so a reasoner can check the whole request it sends (prompt, draft
    /// orders, context) and not only the rendering checked here. Set by <see cref="Build"/>; null for a context made by
    /// hand, which a model reasoner refuses to send unless told otherwise. It never leaves the process.
    /// </summary>
    public LeakCheck? Guard { get; init; }

    /// <summary>
    /// De-identifies <paramref name="record"/>, compiles it as of <paramref name="asOf"/> (moved by the patient's date shift,
    /// so ages and intervals stay true), renders it, and refuses with <see cref="IdentifierLeakException"/> if the
    /// rendering still holds an identifier of the patient.
    /// </summary>
    public static ModelContext Build(Bundle record, Deidentifier deidentifier, DateTimeOffset asOf, int tokenBudget = ContextRenderer.DefaultTokenBudget)
    {
        var leakCheck = LeakCheck.For(record);
        var deidentified = deidentifier.Deidentify(record);
        var context = new ContextCompiler().Compile(deidentified.Resources, asOf: asOf + deidentified.DateShift);
        var rendering = ContextRenderer.Render(context, tokenBudget);
        leakCheck.EnsureNoLeak(rendering.Text);
        return new ModelContext(rendering, context, deidentified.Map) { Guard = leakCheck };
    }
}
