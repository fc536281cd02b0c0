using System.Net;
using SmartReasoning.Tests.Cli;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>`smartreasoning sandbox load` posts bundles to a running sandbox.</summary>
public sealed class SandboxLoadCommandTests : SandboxHost
{
    [Fact]
    public async Task Load_posts_transaction_and_collection_bundles_to_a_running_sandbox()
    {
        var folder = Directory.CreateTempSubdirectory("sr-load-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "a-transaction.json"), """
                {"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:aaaaaaaa-0000-0000-0000-000000000001",
                  "resource":{"resourceType":"Patient","id":"t1"},"request":{"method":"PUT","url":"Patient/t1"}}]}
                """, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "b-collection.json"), """
                {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"c1"}}]}
                """, TestContext.Current.CancellationToken);

            var (exit, output) = await FhirRoundTripCommandTests.RunAsync("sandbox", "load", folder, "--fhir-base", FhirBase);

            Assert.Equal(0, exit);
            Assert.Contains("a-transaction.json: 200", output, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("Patient/t1")).Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("Patient/c1")).Response.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
