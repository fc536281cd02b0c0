using SmartReasoning.WriteBack.Access;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>Which granted SMART scopes let the user's token make a write-back (else backend services are used).</summary>
public sealed class WriteScopesTests
{
    private static readonly string[] FindingTypes = ["Device", "Observation", "Provenance"];
    private static readonly string[] DecisionTypes = ["Observation", "Provenance"];

    [Theory]
    [InlineData("user/Observation.crs user/Provenance.crs user/Device.crs", true)]
    [InlineData("user/*.cruds", true)]
    [InlineData("user/*.*", true)]
    [InlineData("user/*.read user/*.write", true)]
    [InlineData("user/*.write", false)] // a conditional create must search
    [InlineData("patient/*.cruds", false)] // a Device of no patient is outside the patient compartment
    [InlineData("patient/*.cruds user/Device.cs", false)] // nor a Provenance that targets an Observation
    [InlineData("patient/*.cruds user/Device.cs user/Provenance.cs", true)]
    [InlineData("patient/Observation.c patient/Provenance.c user/Device.c", false)]
    [InlineData("user/Observation.rs user/Provenance.rs user/Device.rs", false)]
    [InlineData("user/Observation.crs?category=ai-finding user/Provenance.crs user/Device.crs", false)] // a query-narrowed scope is not counted
    [InlineData("user/Observation.src user/Provenance.crs user/Device.crs", false)] // letters out of order: not a v2 scope
    [InlineData("", false)]
    [InlineData("openid fhirUser launch", false)]
    public void A_finding_write_needs_create_and_search_on_each_type(string granted, bool allowed) =>
        Assert.Equal(allowed, WriteScopes.Allow(granted, FindingTypes, WriteScopes.ForCreate));

    [Theory]
    [InlineData("patient/Observation.rus user/Provenance.rus", true)]
    [InlineData("patient/*.read user/*.read user/*.write patient/*.write", true)]
    [InlineData("patient/Observation.rus patient/Provenance.rus", false)]
    [InlineData("patient/Observation.rs user/Provenance.rus", false)]
    [InlineData("system/Observation.crus system/Provenance.crus", true)]
    public void A_decision_needs_read_search_and_update(string granted, bool allowed) =>
        Assert.Equal(allowed, WriteScopes.Allow(granted, DecisionTypes, WriteScopes.ForDecision));

    [Fact]
    public void The_backend_scope_names_each_type_at_system_level()
    {
        Assert.Equal("system/Device.crus system/Observation.crus system/Provenance.crus", WriteScopes.BackendScope(FindingTypes));
        Assert.True(WriteScopes.Allow(WriteScopes.BackendScope(FindingTypes), FindingTypes, WriteScopes.ForCreate | WriteScopes.ForDecision));
    }
}
