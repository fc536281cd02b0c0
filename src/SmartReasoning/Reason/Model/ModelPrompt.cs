using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartReasoning.Deidentify;

namespace SmartReasoning.Reason.Model;

/// <summary>
/// The chat completion request: the system prompt, the user message (the trigger, the draft orders as
/// <c>DraftOrder/n</c> and the de-identified context's rendering, nothing else), the deployment as <c>model</c> and the
/// findings schema. The draft orders' real references stay here, in <see cref="DraftOrderIds"/>.
/// </summary>
internal sealed class ModelPrompt
{
    public const string DraftOrderPrefix = "DraftOrder/";

    public static readonly string SystemPrompt = string.Join('\n',
        "You are a clinical decision support reasoner. You read one patient's de-identified record and return findings a clinician should act on.",
        "Rules:",
        "- Use only the facts in the context. Never invent, assume or estimate data that is not there (no values, dates, diagnoses or medications). If nothing warrants a finding, return {\"findings\": []}.",
        "- Every finding cites its evidence: the ids in square brackets after each fact (such as Observation/3f2a9c...) or DraftOrder/n, copied exactly as they appear in the context. Cite nothing else.",
        "- severity is info (worth knowing), warning (should be addressed) or critical (risk of serious harm now, e.g. a contraindicated draft order).",
        "- kind is one of the codes the schema allows; choose the closest.",
        "- title is one line under 140 characters. rationale is short Markdown explaining the reasoning and naming the guideline.",
        "- suggestedActions: cancel-draft-order or replace-draft-order name the order as DraftOrder/n in orderReference; order-test gives a LOINC code, add-problem a SNOMED CT code; otherwise orderReference and code are null.",
        "- source names the guideline or reference the finding rests on, with its URL.",
        "- confidence is a number from 0 to 1.",
        "- Never write names, record numbers, addresses, phone numbers, exact birth dates or any other identifier of a person.");

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ModelPrompt(string body, string userMessage, IReadOnlyDictionary<string, string> draftOrderIds)
    {
        Body = body;
        UserMessage = userMessage;
        DraftOrderIds = draftOrderIds;
    }

    /// <summary>The request body as sent.</summary>
    public string Body { get; }

    /// <summary>The user message, unescaped (what the leak check reads besides the body).</summary>
    public string UserMessage { get; }

    /// <summary>DraftOrder/n to the draft order's real reference.</summary>
    public IReadOnlyDictionary<string, string> DraftOrderIds { get; }

    public static ModelPrompt Build(ModelContext context, ReasoningTrigger trigger, string deployment, int? maxOutputTokens)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var user = new StringBuilder();
        user.Append("Trigger: ").Append(TriggerName(trigger.Kind)).Append('\n');
        if (trigger.DraftOrders.Count > 0)
        {
            user.Append("\n## Draft orders being written (not yet in the record)\n");
            for (var i = 0; i < trigger.DraftOrders.Count; i++)
            {
                var order = trigger.DraftOrders[i];
                var id = DraftOrderPrefix + (i + 1).ToString(CultureInfo.InvariantCulture);
                ids[id] = order.Reference;
                user.Append("- ").Append(order.Medication.Display);
                if (order.Medication.Code is { } code)
                    user.Append(order.Medication.System == CodeSystemUrls.RxNorm ? " (RxNorm " : " (code ").Append(code).Append(')');
                if (order.DoseText is { } dose) user.Append(", dose: ").Append(dose);
                user.Append(" [").Append(id).Append("]\n");
            }
        }
        user.Append('\n').Append(context.Rendering.Text);

        var body = new JsonObject
        {
            ["model"] = deployment,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = SystemPrompt },
                new JsonObject { ["role"] = "user", ["content"] = user.ToString() }),
            ["response_format"] = FindingsSchema.ResponseFormat(),
        };
        if (maxOutputTokens is { } max) body["max_completion_tokens"] = max;
        return new ModelPrompt(body.ToJsonString(s_json), user.ToString(), ids);
    }

    private static string TriggerName(TriggerKind kind) => kind switch
    {
        TriggerKind.PatientView => "patient-view (the chart was opened)",
        TriggerKind.OrderSelect => "order-select (orders are being chosen)",
        TriggerKind.OrderSign => "order-sign (orders are about to be signed)",
        _ => "app request (review of the whole record)",
    };
}
