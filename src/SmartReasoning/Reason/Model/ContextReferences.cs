using SmartReasoning.Compile;

namespace SmartReasoning.Reason.Model;

/// <summary>Every reference a context's facts carry (their Sources): the only evidence a model may cite, besides the draft orders.</summary>
internal static class ContextReferences
{
    public static HashSet<string> Of(LongitudinalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var references = new HashSet<string>(StringComparer.Ordinal);
        if (context.Demographics is { } demographics) references.UnionWith(demographics.Sources);
        foreach (var item in context.Problems) references.UnionWith(item.Sources);
        foreach (var item in context.Medications) references.UnionWith(item.Sources);
        foreach (var item in context.Allergies) references.UnionWith(item.Sources);
        foreach (var series in context.Labs.Concat(context.Vitals).Concat(context.OtherObservations)) references.UnionWith(series.Sources);
        foreach (var item in context.Findings) references.UnionWith(item.Sources);
        foreach (var item in context.Timeline) references.UnionWith(item.Sources);
        foreach (var item in context.Immunizations) references.UnionWith(item.Sources);
        return references;
    }
}
