using System.Net;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.FhirServer;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>The epic profile: Observation searches need category or code, and pages are capped.</summary>
public sealed class EpicProfileTests : SandboxHost
{
    protected override SandboxOptions Options => new() { Port = 0, Open = true, Profile = VendorProfile.Epic };

    [Fact]
    public async Task Observation_search_without_category_or_code_is_refused_and_count_is_capped()
    {
        var (refused, outcome) = await GetAsync("Observation?patient=p1");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("category or code", outcome.ToString(), StringComparison.Ordinal);

        var (allowed, bundle) = await GetAsync("Observation?patient=p1&category=laboratory&_count=5000");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("100", bundle.ToString(), StringComparison.Ordinal); // the warning names the cap
    }
}

/// <summary>The oracle-health profile: clinical searches are per patient.</summary>
public sealed class OracleHealthProfileTests : SandboxHost
{
    protected override SandboxOptions Options => new() { Port = 0, Open = true, Profile = VendorProfile.OracleHealth };

    [Fact]
    public async Task Condition_search_without_a_patient_is_refused()
    {
        var (refused, _) = await GetAsync("Condition?clinical-status=active");
        var (allowed, _) = await GetAsync("Condition?patient=p1&clinical-status=active");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
