using System.Diagnostics;
using System.Text.Json.Nodes;
using SmartReasoning.CdsHooks.Cards;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Reason;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>Cards built from findings: the fields CDS Hooks 2.0 asks for and the ones clinicians need.</summary>
public sealed class CardTests
{
    private static IEnumerable<JsonObject> Cards(JsonObject response) => response["cards"]!.AsArray().Select(c => c!.AsObject());

    private static JsonObject RenalCard(JsonObject response) =>
        Cards(response).Single(c => ((string?)c["summary"])!.StartsWith("Metformin is contraindicated", StringComparison.Ordinal));

    [Fact]
    public async Task Order_sign_card_for_metformin_at_low_egfr_has_every_field()
    {
        await using var host = await CdsTestHost.StartAsync();
        var request = HookRequests.OrderSign();

        var card = RenalCard(await host.CardsAsync("smartreasoning-order-sign", request));

        Assert.True(Guid.TryParse((string?)card["uuid"], out _));
        Assert.True(((string?)card["summary"])!.Length < 140);
        Assert.Equal("critical", (string?)card["indicator"]);
        var source = card["source"]!;
        Assert.Equal(Guidelines.FdaMetforminRenal.Name, (string?)source["label"]);
        Assert.Equal(Guidelines.FdaMetforminRenal.Url, (string?)source["url"]);
        Assert.Equal(FindingKinds.System, (string?)source["topic"]!["system"]);
        Assert.Equal("drug-renal", (string?)source["topic"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)source["topic"]!["display"]));
    }

    [Fact]
    public async Task Detail_renders_evidence_as_dated_values_not_identifiers()
    {
        await using var host = await CdsTestHost.StartAsync();

        var detail = (string)RenalCard(await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign()))["detail"]!;

        Assert.Contains($"eGFR 25 mL/min/1.73m2 on {HookRequests.EgfrDate}", detail, StringComparison.Ordinal);
        Assert.Contains("Draft order: 24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet, 500 mg daily", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("o-egfr", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Observation/", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(HookRequests.DraftId, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggestions_cancel_the_draft_order_and_say_at_most_one()
    {
        await using var host = await CdsTestHost.StartAsync();

        var card = RenalCard(await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign()));

        Assert.Equal("at-most-one", (string?)card["selectionBehavior"]);
        var suggestion = Assert.Single(card["suggestions"]!.AsArray())!;
        Assert.True(Guid.TryParse((string?)suggestion["uuid"], out _));
        Assert.False(string.IsNullOrWhiteSpace((string?)suggestion["label"]));
        Assert.True((bool)suggestion["isRecommended"]!);
        var action = Assert.Single(suggestion["actions"]!.AsArray())!;
        Assert.Equal("delete", (string?)action["type"]);
        Assert.Equal("MedicationRequest/" + HookRequests.DraftId, (string?)action["resourceId"]![0]);
    }

    [Fact]
    public async Task Cards_without_suggestions_have_no_selection_behavior()
    {
        await using var host = await CdsTestHost.StartAsync();

        var response = await host.CardsAsync("smartreasoning-patient-view", HookRequests.PatientView());

        foreach (var card in Cards(response))
            Assert.Equal(card["suggestions"] is JsonArray { Count: > 0 }, card["selectionBehavior"] is not null);
    }

    [Fact]
    public async Task Override_reasons_are_codings_with_display()
    {
        await using var host = await CdsTestHost.StartAsync();

        var card = RenalCard(await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign()));

        var reasons = card["overrideReasons"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Contains(reasons, r => (string?)r["code"] == "patient-aware");
        Assert.Contains(reasons, r => (string?)r["code"] == "benefit-outweighs-risk");
        Assert.Contains(reasons, r => (string?)r["code"] == "not-applicable");
        Assert.All(reasons, r =>
        {
            Assert.Equal(CardBuilder.OverrideReasonSystem, (string?)r["system"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)r["display"]));
        });
    }

    [Fact]
    public async Task Smart_link_launches_our_app_with_the_hook_instance_and_finding()
    {
        await using var host = await CdsTestHost.StartAsync();
        var request = HookRequests.OrderSign();

        var card = RenalCard(await host.CardsAsync("smartreasoning-order-sign", request));

        var link = Assert.Single(card["links"]!.AsArray())!;
        Assert.Equal("smart", (string?)link["type"]);
        Assert.Equal(host.BaseUrl + "/launch", (string?)link["url"]);
        var appContext = JsonNode.Parse((string)link["appContext"]!)!;
        Assert.Equal((string?)request["hookInstance"], (string?)appContext["hookInstance"]);
        Assert.Equal((string?)card["uuid"], (string?)appContext["card"]);
        Assert.Equal("drug-renal", (string?)appContext["finding"]);
    }

    [Fact]
    public async Task Model_findings_are_labelled_ai_and_a_contradiction_is_shown_in_the_detail()
    {
        var longTitle = new string('x', Finding.MaxTitleLength);
        var finding = new Finding(FindingKinds.DrugRenal, longTitle, Severity.Warning, "The model reads this as a dose question.", ["Observation/o-egfr"], [],
            Guidelines.FdaMetforminRenal, 0.6, "model:test-model") { Contradicts = "Metformin is contraindicated: eGFR 25 mL/min/1.73m2 is below 30" };
        await using var host = await CdsTestHost.StartAsync(o => o with { Reasoner = new RecordReasoner(new FixedReasoner([finding]), null) });

        var card = Cards(await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign())).Single();

        var summary = (string)card["summary"]!;
        Assert.StartsWith("AI: ", summary, StringComparison.Ordinal);
        Assert.True(summary.Length < 140);
        var detail = (string)card["detail"]!;
        Assert.Contains("**AI-generated finding**", detail, StringComparison.Ordinal);
        Assert.Contains("**Disagrees with a guideline finding:** Metformin is contraindicated", detail, StringComparison.Ordinal);
        Assert.Contains("SmartReasoning AI", (string?)card["source"]!["label"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_test_and_add_problem_become_create_actions_with_valid_fhir()
    {
        var finding = new Finding(FindingKinds.UndocumentedCondition, "CKD stage 4 is not on the problem list", Severity.Warning, "eGFR below 30.", ["Observation/o-egfr"],
            [SuggestedAction.AddProblem("431857002", "Chronic kidney disease stage 4", "Add CKD stage 4 to the problem list"),
             SuggestedAction.OrderTest("14959-1", "Microalbumin/Creatinine [Mass Ratio] in Urine", "Order a urine albumin-creatinine ratio")],
            Guidelines.Kdigo2024Ckd, 0.9, GuidelineReasoner.Name);
        await using var host = await CdsTestHost.StartAsync(o => o with { Reasoner = new RecordReasoner(new FixedReasoner([finding]), null) });

        var card = Cards(await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign())).Single();

        var suggestions = card["suggestions"]!.AsArray();
        Assert.Equal(2, suggestions.Count);
        Assert.Equal([true, false], suggestions.Select(s => (bool)s!["isRecommended"]!));
        var condition = suggestions[0]!["actions"]![0]!;
        Assert.Equal("create", (string?)condition["type"]);
        Assert.Equal("Condition", (string?)condition["resource"]!["resourceType"]);
        Assert.Equal("431857002", (string?)condition["resource"]!["code"]!["coding"]![0]!["code"]);
        var order = suggestions[1]!["actions"]![0]!["resource"]!;
        Assert.Equal("ServiceRequest", (string?)order["resourceType"]);
        Assert.Equal("http://loinc.org", (string?)order["code"]!["coding"]![0]!["system"]);
        Assert.Equal("Patient/p1", (string?)order["subject"]!["reference"]);
        foreach (var resource in new[] { condition["resource"]!, order })
        {
            var parsed = new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(resource.ToJsonString());
            Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Issues));
        }
    }

    [Fact]
    public async Task Slow_reasoner_is_replaced_by_the_guideline_findings_within_the_budget()
    {
        await using var host = await CdsTestHost.StartAsync(o => o with { Reasoner = new RecordReasoner(new SlowReasoner(), null), ReasoningBudget = TimeSpan.FromMilliseconds(200) });
        await host.CardsAsync("smartreasoning-patient-view", HookRequests.PatientView()); // warm up

        var watch = Stopwatch.StartNew();
        var response = await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign());
        watch.Stop();

        Assert.Contains(Cards(response), c => ((string?)c["summary"])!.StartsWith("Metformin is contraindicated", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Model_reasoner_is_given_the_deidentified_context()
    {
        var reasoner = new FixedReasoner([]);
        await using var host = await CdsTestHost.StartAsync(o => o with { Reasoner = new RecordReasoner(reasoner, new Deidentifier()) });

        await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign());

        var forModel = Assert.Single(reasoner.Requests).ForModel;
        Assert.NotNull(forModel);
        Assert.DoesNotContain("Patient/" + HookRequests.PatientId, forModel.Rendering.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("o-egfr", forModel.Rendering.Text, StringComparison.Ordinal);
    }

    private sealed class FixedReasoner(IReadOnlyList<Finding> findings) : IReasoner
    {
        public System.Collections.Concurrent.ConcurrentQueue<ReasoningRequest> Requests { get; } = new();

        public Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct)
        {
            Requests.Enqueue(request);
            return Task.FromResult(new ReasoningResult(findings, new ReasonerInfo("fixed", "1"), null, []));
        }
    }

    private sealed class SlowReasoner : IReasoner
    {
        public async Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return new ReasoningResult([], new ReasonerInfo("slow", "1"), null, []);
        }
    }
}
