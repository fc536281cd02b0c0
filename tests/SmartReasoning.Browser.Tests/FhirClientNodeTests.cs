using System.Text.Json;
using SmartReasoning.Sandbox;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// The real external client: npm fhirclient's Node API completes an EHR launch against a sandbox that enforces
/// tokens (dynamic registration, discovery, authorize with PKCE S256, token, FHIR read with the bearer token).
/// </summary>
public sealed class FhirClientNodeTests
{
    [Fact]
    public async Task Fhirclient_on_node_completes_an_ehr_launch_and_reads_the_patient_in_context()
    {
        var node = TestEnvironment.FindNode();
        Assert.SkipWhen(node is null, "node is not on the PATH: the external-client test needs Node.js");
        TestEnvironment.RequireFhirClient();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var sandbox = await RunningSandbox.StartAsync(new SandboxOptions(), cancellationToken);
        var patient = sandbox.SomePatient();
        await sandbox.AssertTokensEnforcedAsync(patient, cancellationToken);

        var run = await NodeScript.RunAsync(node!, "ehr-launch.mjs",
            ["--sandbox", sandbox.Root, "--patient", patient.Id, "--modules", TestEnvironment.NodePackages],
            TimeSpan.FromMinutes(2), cancellationToken);

        Assert.True(run.ExitCode == 0, $"fhirclient did not complete the launch: {run}");
        using var result = JsonDocument.Parse(run.Output);
        var root = result.RootElement;
        Assert.Equal(patient.Id, root.GetProperty("patientInContext").GetString());
        var read = root.GetProperty("patient");
        Assert.Equal("Patient", read.GetProperty("resourceType").GetString());
        Assert.Equal(patient.Id, read.GetProperty("id").GetString());
        Assert.Equal(patient.Family, read.GetProperty("name")[0].GetProperty("family").GetString());
        Assert.Equal("bearer", root.GetProperty("tokenType").GetString(), ignoreCase: true);
        Assert.Contains("patient/*.rs", root.GetProperty("grantedScope").GetString()!.Split(' '));
        // openid fhirUser: fhirclient took the user from the id_token.
        Assert.True(root.GetProperty("idToken").GetBoolean());
        Assert.StartsWith("Practitioner/", root.GetProperty("fhirUser").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("hops").EnumerateArray().Select(h => new Uri(h.GetProperty("url").GetString()!).AbsolutePath).ToList();
        Assert.Equal(["/chart/" + patient.Id + "/launch", "/launch", "/auth/authorize", "/callback"], paths);
    }
}
