using System.Text.Json;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// What the sandbox hands back after a write has the shape of fhir-profiles/examples: every element the example has,
/// and the same codes, systems, URLs and profiles (ids, references, times and text aside). The profile validator
/// (SmartReasoning.Fhir.Validation) is not in this tree yet; once it is, these resources are validated by it too.
/// </summary>
public sealed class ProfileShapeTests : SandboxHost
{
    private static readonly HashSet<string> Compared = ["system", "code", "url", "profile", "role", "status", "type", "resourceType"];

    // What the example has and our writes leave out, all optional in the profiles: the Device's manufacturer and
    // user-friendly name, and a reference for its owner (by default only the owner's name: DeviceOwner.Default).
    private static readonly string[] Optional = ["manufacturer", "deviceName.type=user-friendly-name", "owner.reference"];

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>"path" for every element, "path=value" for the elements whose values a profile fixes.</summary>
    private static HashSet<string> Shape(JsonElement element, string path = "")
    {
        HashSet<string> shape = [];
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if ((property.Name == "id" && path.Length == 0) || property.Name is "versionId" or "lastUpdated") continue;
                    var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    shape.Add(child);
                    if (Compared.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.String) shape.Add($"{child}={property.Value.GetString()}");
                    shape.UnionWith(Shape(property.Value, child));
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && path.EndsWith("profile", StringComparison.Ordinal)) shape.Add($"{path}={item.GetString()}");
                    shape.UnionWith(Shape(item, path));
                }
                break;
        }
        return shape;
    }

    private static JsonElement Example(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "fhir-profiles", "examples", file))).RootElement.Clone();

    [Fact]
    public async System.Threading.Tasks.Task The_written_observation_provenance_and_device_read_back_in_the_examples_shape()
    {
        using var outbox = new OutboxHarness();
        var written = await outbox.Writer().WriteAsync(MetforminRenal(), Rules, new WriteTarget(FhirBase, Subject(), WriteAuth.Open), Ct);
        await outbox.Delivery(Client).DeliverDueAsync(Ct);

        foreach (var (type, example) in new[] { ("Observation", "Observation-ai-finding-example.json"), ("Provenance", "Provenance-ai-provenance-example.json"), ("Device", "Device-ai-device-example.json") })
        {
            var (_, read) = await GetAsync($"{type}/{Assert.Single(Store.Current(type)).Id}");
            var missing = Shape(Example(example)).Except(Shape(read)).Except(Optional).ToList();
            Assert.True(missing.Count == 0, $"{type} lacks what {example} has: {string.Join(", ", missing)}");
        }
        Assert.Equal((1, 1, 1), SetCount(Store, written.Fingerprint));
    }
}
