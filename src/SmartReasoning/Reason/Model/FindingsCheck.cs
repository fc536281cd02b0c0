using System.Globalization;
using SmartReasoning.Compile;
using SmartReasoning.Deidentify;

namespace SmartReasoning.Reason.Model;

/// <summary>
/// Turns the model's (schema-valid) findings into <see cref="Finding"/>s a clinician may see: each must cite evidence,
/// and only ids it was given (the context's Sources or DraftOrder/n), which are mapped back to real references; a
/// finding citing anything else is dropped and counted. Bounds: at most <see cref="MaxFindings"/> findings, titles cut
/// to <see cref="Finding.MaxTitleLength"/>, rationales to <see cref="MaxRationaleLength"/>, confidence clamped to 0..1,
/// suggested actions only on draft orders we sent and with a code of the right system.
/// </summary>
internal sealed class FindingsCheck(ModelContext context, IReadOnlyDictionary<string, string> draftOrderIds, string reasoner)
{
    public const int MaxFindings = 20;
    public const int MaxEvidence = 30;
    public const int MaxActions = 5;
    public const int MaxRationaleLength = 4000;
    public const int MaxTextLength = 500;

    private readonly HashSet<string> _contextReferences = ContextReferences.Of(context.Context);

    public (IReadOnlyList<Finding> Findings, IReadOnlyList<string> Notes) Apply(IReadOnlyList<AnsweredFinding> answered)
    {
        var findings = new List<Finding>();
        int unknownEvidence = 0, noEvidence = 0, untitled = 0, droppedActions = 0;
        foreach (var item in answered.Take(MaxFindings))
        {
            var title = item.Title.Trim();
            if (title.Length == 0) { untitled++; continue; }
            var evidence = new List<string>();
            var cited = item.Evidence.Select(e => e.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (cited.Count == 0) { noEvidence++; continue; }
            var allKnown = true;
            foreach (var id in cited)
            {
                if (Resolve(id) is { } real) { if (!evidence.Contains(real)) evidence.Add(real); }
                else allKnown = false;
            }
            if (!allKnown) { unknownEvidence++; continue; }

            var actions = new List<SuggestedAction>();
            foreach (var action in item.SuggestedActions)
            {
                if (actions.Count < MaxActions && Action(action) is { } accepted) actions.Add(accepted);
                else droppedActions++;
            }
            findings.Add(new Finding(
                FindingKinds.FromCode(item.Kind)!,
                Cut(title, Finding.MaxTitleLength),
                SeverityCodes.Parse(item.Severity) ?? Severity.Info,
                Cut(item.Rationale.Trim(), MaxRationaleLength),
                [.. evidence.Take(MaxEvidence)],
                actions,
                new GuidelineSource(Cut(item.SourceName.Trim(), MaxTextLength), Url(item.SourceUrl)),
                double.IsNaN(item.Confidence) ? 0 : Math.Clamp(item.Confidence, 0, 1),
                reasoner));
        }

        var notes = new List<string>();
        if (unknownEvidence > 0) notes.Add($"{Count(unknownEvidence)} dropped: cited evidence not in the context.");
        if (noEvidence > 0) notes.Add($"{Count(noEvidence)} dropped: cited no evidence.");
        if (untitled > 0) notes.Add($"{Count(untitled)} dropped: no title.");
        if (answered.Count > MaxFindings) notes.Add($"{Count(answered.Count - MaxFindings)} dropped: more than {MaxFindings} findings.");
        if (droppedActions > 0)
            notes.Add($"{droppedActions.ToString(CultureInfo.InvariantCulture)} suggested action{(droppedActions == 1 ? "" : "s")} dropped: not on a draft order we sent, without the right code, or too many.");
        return (findings, notes);
    }

    /// <summary>The real reference behind an id the model cited, or null when we never sent it.</summary>
    private string? Resolve(string id)
    {
        if (draftOrderIds.TryGetValue(id, out var draft)) return draft;
        return _contextReferences.Contains(id) && context.Map.TryResolve(id, out var real) ? real : null;
    }

    private SuggestedAction? Action(AnsweredAction action)
    {
        var description = Cut(action.Description.Trim(), MaxTextLength);
        if (description.Length == 0) return null;
        string? order = null;
        if (action.OrderReference is { } reference && !draftOrderIds.TryGetValue(reference.Trim(), out order)) return null;
        ClinicalCode? code = action.Code is { } c && c.Code.Trim().Length > 0 ? new ClinicalCode(c.System, c.Code.Trim(), Cut(c.Display.Trim(), MaxTextLength)) : null;
        return action.Kind switch
        {
            "cancel-draft-order" when order is not null => new SuggestedAction(SuggestedActionKind.CancelDraftOrder, description, order),
            "replace-draft-order" when order is not null && code is null or { System: CodeSystemUrls.RxNorm } =>
                new SuggestedAction(SuggestedActionKind.ReplaceDraftOrder, description, order, code),
            "order-test" when order is null && code is { System: CodeSystemUrls.Loinc } => new SuggestedAction(SuggestedActionKind.OrderTest, description, Code: code),
            "add-problem" when order is null && code is { System: CodeSystemUrls.Snomed } => new SuggestedAction(SuggestedActionKind.AddProblem, description, Code: code),
            _ => null,
        };
    }

    private static string Url(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && url.Length <= MaxTextLength
            ? uri.OriginalString
            : "";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Count(int n) => n == 1 ? "1 model finding" : $"{n.ToString(CultureInfo.InvariantCulture)} model findings";
}
