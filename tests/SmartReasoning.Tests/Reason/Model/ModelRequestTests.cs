using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartReasoning.Deidentify;
using Bundle = SmartReasoning.Fhir.Model.Bundle;
using Patient = SmartReasoning.Fhir.Model.Patient;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Tests.Deidentify;
using static SmartReasoning.Tests.Reason.Model.ModelFixtures;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>What the model is sent: the deployment, the strict schema, the de-identified context and draft orders, and no identifier.</summary>
public class ModelRequestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_request_names_the_deployment_as_model_and_asks_for_the_strict_findings_schema()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        await new ModelReasoner(Options(fake)).ReasonAsync(Request(Context()), Ct);
        var body = fake.Single.Json;
        Assert.Equal(Deployment, (string?)body["model"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Contains("Never invent", (string?)messages[0]!["content"], StringComparison.Ordinal);
        var format = body["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.True((bool)format["json_schema"]!["strict"]!);
        var schema = format["json_schema"]!["schema"]!;
        AssertStrict(schema);
        var finding = schema["properties"]!["findings"]!["items"]!;
        Assert.Equal(FindingKinds.All.Select(k => k.Code), finding["properties"]!["kind"]!["enum"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["info", "warning", "critical"], finding["properties"]!["severity"]!["enum"]!.AsArray().Select(n => (string?)n));
        var action = finding["properties"]!["suggestedActions"]!["items"]!;
        Assert.Equal(["string", "null"], action["properties"]!["orderReference"]!["type"]!.AsArray().Select(n => (string?)n));
    }

    /// <summary>Strict mode: every object lists all its properties as required and allows no others, all the way down.</summary>
    private static void AssertStrict(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            if (obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && (string?)type == "object")
            {
                Assert.False((bool)obj["additionalProperties"]!);
                Assert.Equal(obj["properties"]!.AsObject().Select(p => p.Key).Order(), obj["required"]!.AsArray().Select(n => (string)n!).Order());
            }
            foreach (var (_, child) in obj) if (child is not null) AssertStrict(child);
        }
        else if (node is JsonArray array)
            foreach (var child in array) if (child is not null) AssertStrict(child);
    }

    [Fact]
    public async Task Draft_orders_are_sent_as_DraftOrder_n_with_drug_and_dose_only_and_the_context_as_rendered()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var context = Context();
        var draft = DraftIbuprofen();
        await new ModelReasoner(Options(fake)).ReasonAsync(Request(context, ReasoningTrigger.OrderSelect(draft)), Ct);
        var user = (string)fake.Single.Json["messages"]![1]!["content"]!;
        Assert.Contains("ibuprofen 600 MG Oral Tablet (RxNorm 197806), dose: 600 mg three times a day [DraftOrder/1]", user, StringComparison.Ordinal);
        Assert.Contains(context.Rendering.Text, user, StringComparison.Ordinal);
        Assert.DoesNotContain("draft-77", fake.Single.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("medreq-9", fake.Single.Body, StringComparison.Ordinal);
        Assert.Contains(Hashed(context, "MedicationRequest/medreq-9"), user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_body_holds_no_identifier_of_the_patient()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var bundle = Bundle();
        var reasoner = new ModelReasoner(Options(fake));
        var result = await reasoner.ReasonAsync(Request(Context(bundle), ReasoningTrigger.OrderSign(DraftIbuprofen())), Ct);
        Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        AssertNoIdentifier(bundle, fake.Single.Body);
        foreach (var planted in (string[])["Harriet", "Quimby", "4471923", "999-12-3456", "555-0143", "1428 Elm", "Springfield", "01109", "1961-04-17", "pat-1001", "egfr-1"])
            Assert.DoesNotContain(planted, fake.Single.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_request_for_any_synthetic_cohort_patient_holds_an_identifier()
    {
        var bundles = SyntheticCohort.Generate();
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var reasoner = new ModelReasoner(Options(fake));
        foreach (var bundle in bundles)
        {
            var context = ModelContext.Build(bundle, Fixtures.Deidentifier(), AsOf);
            var result = await reasoner.ReasonAsync(Request(context), Ct);
            Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        }
        Assert.Equal(bundles.Count, fake.Requests.Count);
        foreach (var (bundle, request) in bundles.Zip(fake.Requests)) AssertNoIdentifier(bundle, request.Body);
    }

    /// <summary>The leak check of the original record finds nothing in the body as sent, nor in any of its strings unescaped.</summary>
    private static void AssertNoIdentifier(Bundle bundle, string body)
    {
        var check = LeakCheck.For(bundle);
        Assert.True(check.IdentifierCount > 5);
        Assert.Empty(check.Scan(body));
        using var document = JsonDocument.Parse(body);
        foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
            Assert.Empty(check.Scan(message.GetProperty("content").GetString()!));
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        foreach (var name in patient.Name)
            foreach (var part in name.Given.Select(g => g.Value).Append(name.Family?.Value).OfType<string>().Where(p => p.Length >= 3))
                // As a whole word: "Nancy" is a name, "drug-pregnancy" (a finding kind in the schema) is not.
                Assert.DoesNotMatch(@"(?i)\b" + Regex.Escape(part) + @"\b", body);
        foreach (var identifier in patient.Identifier)
            if (identifier.Value?.Value is { Length: >= 4 } value) Assert.DoesNotContain(value, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_order_holding_the_patients_name_is_not_sent()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var draft = DraftIbuprofen() with { DoseText = "600 mg, ask Harriet Quimby about her stomach" };
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(Context(), ReasoningTrigger.OrderSelect(draft)), Ct);
        Assert.Equal(ModelOutcome.Blocked, result.ModelOutcome);
        Assert.Empty(result.Findings);
        Assert.Contains("identifier of the patient", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.DoesNotContain("Harriet", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_context_without_its_leak_check_is_not_sent()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var unguarded = Context() with { Guard = null };
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(unguarded), Ct);
        Assert.Equal(ModelOutcome.Blocked, result.ModelOutcome);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Without_a_deidentified_context_the_model_is_not_called()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(null), Ct);
        Assert.Equal(ModelOutcome.NotConfigured, result.ModelOutcome);
        Assert.Empty(result.Findings);
        Assert.StartsWith("The model was not used", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }
}
