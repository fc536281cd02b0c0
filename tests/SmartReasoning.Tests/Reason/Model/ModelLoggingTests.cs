using Microsoft.Extensions.Logging;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using SmartReasoning.Tests.Launch;
using static SmartReasoning.Tests.Reason.Model.ModelFixtures;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>The reasoner's log says what happened (outcome, status, attempts, tokens) and never the key, the context or the answer.</summary>
public class ModelLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_log_holds_outcomes_and_counts_but_no_key_context_or_answer_text()
    {
        var context = Context();
        var egfr = Hashed(context, "Observation/egfr-1");
        await using var fake = await FakeFoundry.StartAsync(
            FakeFoundry.Completion(Answer(Finding("Metformin with eGFR 27", [egfr]))), FakeFoundry.Error(503));
        var key = MadeUpKey();
        using var logs = new CapturedLogs();
        using var factory = new LoggerFactory([logs]);
        var reasoner = new ModelReasoner(Options(fake, key: key, maxRetries: 0), factory.CreateLogger<ModelReasoner>());

        Assert.Equal(ModelOutcome.Used, (await reasoner.ReasonAsync(Request(context), Ct)).ModelOutcome);
        Assert.Equal(ModelOutcome.ServerError, (await reasoner.ReasonAsync(Request(context), Ct)).ModelOutcome);
        var blocked = DraftIbuprofen() with { DoseText = "for Harriet Quimby" };
        Assert.Equal(ModelOutcome.Blocked, (await reasoner.ReasonAsync(Request(context, ReasoningTrigger.OrderSelect(blocked)), Ct)).ModelOutcome);

        var all = logs.All;
        Assert.Contains("1 findings kept", all, StringComparison.Ordinal);
        Assert.Contains("ServerError (HTTP 503", all, StringComparison.Ordinal);
        Assert.Contains("holds identifiers of the patient (Name)", all, StringComparison.Ordinal);
        foreach (var secret in (string[])[key, "Harriet", "Quimby", "Metformin with eGFR", egfr, "Patient context", context.Rendering.Text[..60]])
            Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase);
    }
}
