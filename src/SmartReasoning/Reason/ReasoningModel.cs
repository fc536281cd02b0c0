using SmartReasoning.Compile;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason.Model;

namespace SmartReasoning.Reason;

/// <summary>
/// Anything that reads a compiled context and returns findings: the embedded guideline reasoner, a model, or both
/// combined. One interface so the caller (CDS Hooks, the app, the CLI) never knows which one answered.
/// </summary>
public interface IReasoner
{
    Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct);
}

/// <summary>
/// What to reason over and why now. <see cref="Context"/> is the real compiled context (rules run in process);
/// <see cref="ForModel"/> is the de-identified, leak-checked context an external model may receive, with the map that turns
/// its citations back into real references. A reasoner that calls out of the process reads only <see cref="ForModel"/>.
/// </summary>
public sealed record ReasoningRequest(LongitudinalContext Context, ReasoningTrigger Trigger, ModelContext? ForModel = null)
{
    /// <summary>
    /// The request for one patient's record: compiled as of <paramref name="asOf"/> (default now) and, when a
    /// <paramref name="deidentifier"/> is given (an external model will read it), de-identified and leak-checked too.
    /// <paramref name="missing"/> is what the record lacks (a partial pull), carried in the context so nothing is left out silently.
    /// </summary>
    /// <exception cref="IdentifierLeakException">The de-identified rendering still holds an identifier of the patient.</exception>
    public static ReasoningRequest ForRecord(Bundle record, ReasoningTrigger trigger, DateTimeOffset? asOf = null, Deidentifier? deidentifier = null,
        IReadOnlyList<MissingData>? missing = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var context = new ContextCompiler().Compile(ContextCompiler.ResourcesOf(record), missing, asOf);
        var forModel = deidentifier is null ? null : ModelContext.Build(record, deidentifier, context.AsOf);
        return new ReasoningRequest(context, trigger, forModel);
    }
}

/// <summary>The moment reasoning was asked for, which decides what a finding may act on (draft orders).</summary>
public enum TriggerKind { PatientView, OrderSelect, OrderSign, AppRequest }

/// <summary>
/// The trigger with its draft orders (order-select, order-sign) or the app's question. Draft orders are not yet in the
/// record, so rules consider them alongside the active medications.
/// </summary>
public sealed record ReasoningTrigger(TriggerKind Kind, IReadOnlyList<DraftOrder> DraftOrders, string? Question = null)
{
    public static ReasoningTrigger PatientView { get; } = new(TriggerKind.PatientView, []);

    public static ReasoningTrigger OrderSelect(params DraftOrder[] orders) => new(TriggerKind.OrderSelect, orders);

    public static ReasoningTrigger OrderSign(params DraftOrder[] orders) => new(TriggerKind.OrderSign, orders);

    public static ReasoningTrigger App(string? question = null) => new(TriggerKind.AppRequest, [], question);

    /// <summary>The CDS Hooks hook names this service reasons for.</summary>
    public static IReadOnlyList<string> HookNames { get; } = ["patient-view", "order-select", "order-sign"];

    /// <summary>The trigger of a CDS Hooks hook by name, or null for a hook we do not reason for.</summary>
    public static ReasoningTrigger? ForHook(string hook, IReadOnlyList<DraftOrder> draftOrders) => hook switch
    {
        "patient-view" => PatientView,
        "order-select" => new(TriggerKind.OrderSelect, draftOrders),
        "order-sign" => new(TriggerKind.OrderSign, draftOrders),
        _ => null,
    };
}

/// <summary>A medication order being written: its reference ("MedicationRequest/id"), the coded drug and the dose as written.</summary>
public sealed record DraftOrder(string Reference, ClinicalCode Medication, string? DoseText = null)
{
    /// <summary>
    /// The draft order a MedicationRequest (status draft, as CDS Hooks' <c>draftOrders</c> carry it) describes. The drug
    /// is read from <c>medicationCodeableConcept</c> or a contained Medication; a reference to a Medication elsewhere
    /// keeps only its display, since a draft arrives alone.
    /// </summary>
    public static DraftOrder From(MedicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var medication = request.Medication switch
        {
            CodeableConcept concept => ContextCompiler.Concept(concept),
            Reference { ReferenceValue.Value: ['#', .. var id] } when request.Contained.OfType<Medication>().FirstOrDefault(m => m.Id == id) is { } contained
                => ContextCompiler.Concept(contained.Code),
            Reference reference => new ClinicalCode(null, null, reference.Display?.Value ?? "unresolved medication"),
            _ => new ClinicalCode(null, null, "unknown medication"),
        };
        return new DraftOrder(ContextCompiler.ReferenceOf(request), medication, ContextCompiler.DoseOf(request.DosageInstruction));
    }
}

/// <summary>How urgently a clinician must look. Declared least to most severe so comparisons read naturally.</summary>
public enum Severity { Info, Warning, Critical }

/// <summary>Severities as CDS Hooks cards' <c>indicator</c> writes them: info, warning, critical.</summary>
public static class SeverityCodes
{
    public static string Code(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Warning => "warning",
        _ => "info",
    };

    public static Severity? Parse(string? code) => code switch
    {
        "critical" => Severity.Critical,
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        _ => null,
    };
}

/// <summary>A code of the finding-kind CodeSystem.</summary>
public sealed record FindingKind(string Code, string Display)
{
    public string System => FindingKinds.System;
}

/// <summary>The guideline or source a finding rests on.</summary>
public sealed record GuidelineSource(string Name, string Url);

/// <summary>What a suggested action does.</summary>
public enum SuggestedActionKind { CancelDraftOrder, ReplaceDraftOrder, OrderTest, AddProblem }

/// <summary>
/// Something the clinician can accept in one click: cancel or replace a draft order (<see cref="OrderReference"/>),
/// order a test (<see cref="Code"/> is LOINC) or add a problem (<see cref="Code"/> is SNOMED CT).
/// </summary>
public sealed record SuggestedAction(SuggestedActionKind Kind, string Description, string? OrderReference = null, ClinicalCode? Code = null)
{
    public static SuggestedAction CancelDraft(DraftOrder order, string description) =>
        new(SuggestedActionKind.CancelDraftOrder, description, order.Reference);

    public static SuggestedAction OrderTest(string loinc, string display, string description) =>
        new(SuggestedActionKind.OrderTest, description, Code: new ClinicalCode(CodeSystemUrls.Loinc, loinc, display));

    public static SuggestedAction AddProblem(string snomed, string display, string description) =>
        new(SuggestedActionKind.AddProblem, description, Code: new ClinicalCode(CodeSystemUrls.Snomed, snomed, display));
}

/// <summary>The code systems findings and actions name.</summary>
public static class CodeSystemUrls
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
}

/// <summary>
/// One finding. Its evidence holds only references found in the context's facts (their Sources), so every claim can be
/// traced to a resource; the constructor enforces the bounds a clinician-facing card needs.
/// </summary>
public sealed record Finding(
    FindingKind Kind,
    string Title,
    Severity Severity,
    string Rationale,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<SuggestedAction> SuggestedActions,
    GuidelineSource Source,
    double Confidence,
    string Reasoner)
{
    /// <summary>Titles are card headlines; CDS Hooks limits a card summary to 140 characters.</summary>
    public const int MaxTitleLength = 139;

    public string Title { get; } = !string.IsNullOrWhiteSpace(Title) && Title.Length <= MaxTitleLength
        ? Title
        : throw new ArgumentException($"A finding title must be 1 to {MaxTitleLength} characters.", nameof(Title));

    public double Confidence { get; } = Confidence is >= 0 and <= 1
        ? Confidence
        : throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Confidence must be between 0 and 1.");

    /// <summary>
    /// Set on a model's finding that disagrees with a critical guideline finding (its title): the clinician sees both and
    /// the disagreement, rather than the model's milder reading silently standing beside the rule's.
    /// </summary>
    public string? Contradicts { get; init; }
}

/// <summary>Which reasoner answered.</summary>
public sealed record ReasonerInfo(string Name, string Version);

/// <summary>Model token usage; null for the guideline reasoner, which uses none.</summary>
public sealed record TokenUsage(int InputTokens, int OutputTokens)
{
    public int TotalTokens => InputTokens + OutputTokens;
}

/// <summary>The findings, who produced them, what it cost, and notes (e.g. that a model was not used and why).</summary>
public sealed record ReasoningResult(IReadOnlyList<Finding> Findings, ReasonerInfo Reasoner, TokenUsage? Usage, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// For a reasoner that calls a model: whether its answer was used and, if not, why (machine-readable; the note says
    /// it in words). Null for reasoners that call no model, such as the guideline reasoner.
    /// </summary>
    public ModelOutcome? ModelOutcome { get; init; }
}
