using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmartReasoning.Launch;
using SmartReasoning.Reason;

namespace SmartReasoning.CdsHooks.Cards;

/// <summary>
/// A card as answered, and the finding it came from (kept so feedback can be counted per finding kind); with
/// <paramref name="Finding"/> when accepting the card may write the finding into the chart (an allowed EHR was named).
/// </summary>
public sealed record IssuedCard(string Uuid, string ServiceId, string HookInstance, string FindingKind, Severity Severity, string Reasoner, JsonObject Json,
    Feedback.CardFinding? Finding = null);

/// <summary>
/// Builds CDS Hooks 2.0 cards from findings: a uuid; a summary under 140 characters (labelled "AI:" when a model made the
/// finding); a Markdown detail with the rationale, the evidence as the facts it points to, a visible note when the finding
/// disagrees with a guideline finding, and who reasoned; the indicator from the severity; the source (guideline label and
/// url, topic = finding kind); suggestions with selectionBehavior at-most-one; override reasons; and a SMART link that
/// launches SmartReasoning's app with appContext naming this hook call and finding.
/// </summary>
public static class CardBuilder
{
    public const int MaxSummaryLength = 139;

    /// <summary>The CodeSystem of the reasons a clinician may give for overriding a card.</summary>
    public const string OverrideReasonSystem = "https://smartreasoning.dev/fhir/CodeSystem/override-reason";

    /// <summary>The prefix of <see cref="Finding.Reasoner"/> for findings a model produced.</summary>
    public const string ModelReasonerPrefix = "model:";

    public static IReadOnlyList<(string Code, string Display)> OverrideReasons { get; } =
    [
        ("patient-aware", "Patient aware; risk discussed and accepted"),
        ("benefit-outweighs-risk", "Benefit outweighs the risk for this patient"),
        ("not-applicable", "Does not apply to this patient"),
        ("data-incorrect", "The record data behind this card is wrong"),
    ];

    public static IssuedCard Build(Finding finding, CdsServiceRequest request, EvidenceText evidence, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evidence);
        var uuid = Guid.NewGuid().ToString();
        var isModel = finding.Reasoner.StartsWith(ModelReasonerPrefix, StringComparison.Ordinal);
        var card = new JsonObject
        {
            ["uuid"] = uuid,
            ["summary"] = Summary(finding, isModel),
            ["detail"] = Detail(finding, evidence, isModel),
            ["indicator"] = finding.Severity.Code(),
            ["source"] = new JsonObject
            {
                ["label"] = isModel ? $"SmartReasoning AI ({finding.Reasoner[ModelReasonerPrefix.Length..]}) citing {finding.Source.Name}" : finding.Source.Name,
                ["url"] = finding.Source.Url,
                ["topic"] = new JsonObject { ["system"] = finding.Kind.System, ["code"] = finding.Kind.Code, ["display"] = finding.Kind.Display },
            },
        };
        var suggestions = CdsSuggestions.For(finding, request);
        if (suggestions.Count > 0)
        {
            card["suggestions"] = suggestions;
            card["selectionBehavior"] = "at-most-one";
        }
        card["overrideReasons"] = new JsonArray([.. OverrideReasons.Select(r => (JsonNode)new JsonObject { ["system"] = OverrideReasonSystem, ["code"] = r.Code, ["display"] = r.Display })]);
        card["links"] = new JsonArray(new JsonObject
        {
            ["label"] = "Open SmartReasoning for this patient",
            ["url"] = publicBaseUrl.TrimEnd('/') + LaunchEndpoints.LaunchPath,
            ["type"] = "smart",
            ["appContext"] = new JsonObject { ["hookInstance"] = request.HookInstance, ["card"] = uuid, ["finding"] = finding.Kind.Code }.ToJsonString(),
        });
        return new IssuedCard(uuid, request.Service.Id, request.HookInstance, finding.Kind.Code, finding.Severity, finding.Reasoner, card);
    }

    /// <summary>The title, marked "AI:" for a model's finding, cut to the limit.</summary>
    public static string Summary(Finding finding, bool isModel)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var text = (isModel ? "AI: " : "") + finding.Title.ReplaceLineEndings(" ");
        return text.Length <= MaxSummaryLength ? text : text[..(MaxSummaryLength - 1)] + "…";
    }

    private static string Detail(Finding finding, EvidenceText evidence, bool isModel)
    {
        var detail = new StringBuilder();
        if (finding.Contradicts is { } contradicted)
            detail.Append("**Disagrees with a guideline finding:** ").Append(EvidenceText.Escape(contradicted))
                .Append(". The model rates this milder than the guideline rule does; review both.\n\n");
        if (isModel)
            detail.Append("**AI-generated finding** (").Append(EvidenceText.Escape(finding.Reasoner)).Append("): check it against the record before acting.\n\n");
        detail.Append(finding.Rationale.Trim()).Append("\n\n");
        var facts = evidence.DescribeAll(finding.Evidence);
        if (facts.Count > 0)
        {
            detail.Append("**Evidence**\n\n");
            foreach (var fact in facts) detail.Append("- ").Append(EvidenceText.Escape(fact)).Append('\n');
            detail.Append('\n');
        }
        detail.Append(CultureInfo.InvariantCulture, $"Confidence {finding.Confidence:0.##} · {EvidenceText.Escape(finding.Reasoner)}");
        return detail.ToString();
    }
}
