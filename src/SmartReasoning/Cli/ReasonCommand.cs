using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;

namespace SmartReasoning.Cli;

/// <summary>
/// <c>smartreasoning reason bundle.json [--trigger order-select|order-sign --order MedicationRequest.json] [--as-of date] [--json]</c>:
/// the findings the reasoner raises on a patient's record.
/// </summary>
internal static class ReasonCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "A FHIR Bundle of one patient's record, as JSON." };
        var trigger = new Option<string>("--trigger") { Description = "The CDS Hooks moment: patient-view, order-select or order-sign.", DefaultValueFactory = _ => "patient-view" };
        trigger.AcceptOnlyFromAmong([.. ReasoningTrigger.HookNames]);
        var orders = new Option<string[]>("--order") { Description = "A draft MedicationRequest (or a Bundle of them) being ordered; repeatable. Needs an order trigger.", AllowMultipleArgumentsPerToken = false };
        var asOf = new Option<string?>("--as-of") { Description = "The date to reason as of (yyyy-MM-dd); default today." };
        var json = new Option<bool>("--json") { Description = """Print {"findings":[{"kind","title","severity","evidence","reasoner"}]} instead of text.""" };
        var command = new Command("reason",
            $"Compile a patient's Bundle and print the findings: the guideline reasoner's, combined with the model's when {ModelOptions.EndpointVariable} is set.")
        {
            bundle, trigger, orders, asOf, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            RecordReasoner reasoner;
            try
            {
                reasoner = RecordReasoner.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (InvalidOperationException configuration)
            {
                Console.Error.WriteLine(configuration.Message);
                return 2;
            }
            return await RunAsync(parse.GetValue(bundle)!, parse.GetValue(trigger)!, parse.GetValue(orders) ?? [], parse.GetValue(asOf),
                parse.GetValue(json), Console.Out, Console.Error, reasoner, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(string bundleFile, string trigger, IReadOnlyList<string> orderFiles, string? asOfText, bool json,
        TextWriter output, TextWriter error, RecordReasoner reasoner, CancellationToken ct)
    {
        if (!CommandInput.TryReadDate(asOfText, "--as-of", error, out var asOf)) return 2;
        var isOrderTrigger = trigger is "order-select" or "order-sign";
        if (isOrderTrigger != orderFiles.Count > 0)
        {
            error.WriteLine(isOrderTrigger ? $"--trigger {trigger} needs at least one --order MedicationRequest.json" : "--order needs --trigger order-select or order-sign");
            return 2;
        }
        if (CommandInput.ReadRecord(bundleFile, error) is not { } record) return 2;
        var drafts = new List<DraftOrder>();
        foreach (var file in orderFiles)
        {
            if (ReadDraftOrders(file, error) is not { } read) return 2;
            drafts.AddRange(read);
        }

        if (ReasoningTrigger.ForHook(trigger, drafts) is not { } reasoningTrigger)
        {
            error.WriteLine($"--trigger must be one of {string.Join(", ", ReasoningTrigger.HookNames)}, not '{trigger}'");
            return 2;
        }
        var result = await reasoner.ReasonAsync(record, reasoningTrigger, asOf, ct);
        output.Write(json ? Json(result) : Text(result));
        return 0;
    }

    /// <summary>
    /// The draft orders of a file: one MedicationRequest (whatever its status: it is the order being written), or the
    /// MedicationRequests of status draft in a Bundle (as CDS Hooks' draftOrders carry them; a record's active ones are not orders).
    /// </summary>
    internal static List<DraftOrder>? ReadDraftOrders(string file, TextWriter error)
    {
        if (CommandInput.ReadResource(file, error) is not { } resource) return null;
        List<MedicationRequest> requests = resource switch
        {
            MedicationRequest request => [request],
            Bundle bundle => [.. bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>().Where(r => r.Status?.Value == "draft")],
            _ => [],
        };
        if (requests.Count == 0)
        {
            error.WriteLine($"{file} holds no draft MedicationRequest to order");
            return null;
        }
        var missingId = requests.FirstOrDefault(r => string.IsNullOrEmpty(r.Id));
        if (missingId is not null)
        {
            error.WriteLine($"{file}: a draft MedicationRequest needs an id, so findings can point at the order they concern");
            return null;
        }
        return [.. requests.Select(DraftOrder.From)];
    }

    internal static string Json(ReasoningResult result) =>
        ReasoningJson.ToJson(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;

    private static string Text(ReasoningResult result)
    {
        var text = new System.Text.StringBuilder();
        var count = result.Findings.Count;
        text.AppendLine(CultureInfo.InvariantCulture, $"{count} finding{(count == 1 ? "" : "s")} ({result.Reasoner.Name} {result.Reasoner.Version})");
        foreach (var finding in result.Findings)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{finding.Severity.Code().ToUpperInvariant(),-8} {finding.Title}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {finding.Kind.Code} · {finding.Reasoner} · confidence {finding.Confidence.ToString("0.##", CultureInfo.InvariantCulture)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  evidence: {string.Join(", ", finding.Evidence)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  source: {finding.Source.Name} <{finding.Source.Url}>");
            foreach (var action in finding.SuggestedActions) text.AppendLine(CultureInfo.InvariantCulture, $"  suggests: {action.Description}");
        }
        foreach (var note in result.Notes) text.AppendLine(CultureInfo.InvariantCulture, $"note: {note}");
        return text.ToString();
    }
}
