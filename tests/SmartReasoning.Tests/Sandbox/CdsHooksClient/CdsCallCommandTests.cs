using Microsoft.IdentityModel.JsonWebTokens;
using SmartReasoning.Tests.Cli;
using SmartReasoning.Tests.Sandbox.Chart;

namespace SmartReasoning.Tests.Sandbox.CdsHooksClient;

/// <summary>`smartreasoning cds call`, run as the real program, against the fake service and a sandbox for prefetch.</summary>
public sealed class CdsCallCommandTests : ChartSandbox
{
    [Fact]
    public async Task Call_fills_prefetch_from_the_fhir_base_signs_with_a_served_key_and_prints_the_cards()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("cds", "call", Cds.ServiceUrl("order-checker"), "--hook", "order-sign", "--patient", "p1", "--fhir-base", FhirBase);

        Assert.Equal(0, exit);
        Assert.Contains("[WARNING] Bleeding risk: warfarin with an NSAID", output, StringComparison.Ordinal);
        Assert.Contains("- Switch warfarin to apixaban [recommended]", output, StringComparison.Ordinal);
        Assert.Contains("delete MedicationRequest/m1: Stop warfarin", output, StringComparison.Ordinal);
        Assert.Contains("Override reasons: Benefit outweighs risk; Will monitor INR", output, StringComparison.Ordinal);
        var call = Assert.Single(Cds.HookCalls);
        Assert.True(call.VerifiedByJku, "the service could not verify the JWT with the key at its jku");
        var jwt = new JsonWebToken(call.Jwt!);
        Assert.Equal("ES384", jwt.Alg);
        Assert.Equal(Cds.ServiceUrl("order-checker"), Assert.Single(jwt.Audiences));
        Assert.Equal(jwt.Issuer + "/.well-known/jwks.json", jwt.GetHeaderValue<string>("jku"));
        var body = call.Body!;
        Assert.Equal(FhirBase, (string?)body["fhirServer"]);
        Assert.Equal("Practitioner/dr-1", (string?)body["context"]!["userId"]); // the patient's general practitioner
        Assert.Equal("p1", (string?)body["prefetch"]!["patient"]!["id"]);
        Assert.Equal("m1", (string?)body["prefetch"]!["meds"]!["entry"]![0]!["resource"]!["id"]);
        Assert.Equal("MedicationRequest", (string?)body["context"]!["draftOrders"]!["entry"]![0]!["resource"]!["resourceType"]);
    }

    [Fact]
    public async Task Order_file_becomes_the_draft_orders()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sr-order-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"resourceType":"MedicationRequest","id":"mine","status":"draft","intent":"order","medicationCodeableConcept":{"text":"naproxen"},"subject":{"reference":"Patient/p1"}}
            """, TestContext.Current.CancellationToken);
        try
        {
            var (exit, _) = await FhirRoundTripCommandTests.RunAsync("cds", "call", Cds.ServiceUrl("order-checker"), "--patient", "p1", "--order", file, "--prefetch", "null");

            Assert.Equal(0, exit);
            var body = Assert.Single(Cds.HookCalls).Body!;
            Assert.Equal("mine", (string?)body["context"]!["draftOrders"]!["entry"]![0]!["resource"]!["id"]);
            Assert.Null(body["fhirServer"]);
            Assert.All(body["prefetch"]!.AsObject().Where(p => p.Key != "encounter"), p => Assert.Null(p.Value));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Failed_call_exits_non_zero_with_the_reason()
    {
        Cds.Respond = (_, _) => (503, "down");

        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("cds", "call", Cds.ServiceUrl("order-checker"), "--patient", "p1");

        Assert.Equal(1, exit);
        Assert.Contains("FAILED: POST " + Cds.ServiceUrl("order-checker") + " answered 503", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_service_is_named_with_the_ones_offered()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("cds", "call", Cds.ServiceUrl("nope"), "--patient", "p1");

        Assert.Equal(2, exit);
        Assert.Contains("has no service 'nope'", output, StringComparison.Ordinal);
        Assert.Contains("order-checker (order-sign)", output, StringComparison.Ordinal);
        Assert.Empty(Cds.HookCalls);
    }
}
