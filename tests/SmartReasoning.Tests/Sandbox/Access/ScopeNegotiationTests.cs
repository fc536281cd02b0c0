using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Authorization.Scopes;

namespace SmartReasoning.Tests.Sandbox.Access;

public class ScopeNegotiationTests
{
    private const string Laboratory = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    [Fact]
    public void Covered_scopes_are_granted_as_requested_in_the_requested_order()
    {
        var granted = ScopeNegotiation.Negotiate("offline_access patient/Observation.read launch openid fhirUser", "openid fhirUser launch offline_access patient/*.rs");
        Assert.Equal("offline_access patient/Observation.read launch openid fhirUser", granted);
    }

    [Fact]
    public void A_wildcard_with_all_permissions_covers_a_granular_v2_request()
    {
        var requested = $"patient/Observation.rs?category={Laboratory}";
        Assert.Equal(requested, ScopeNegotiation.Negotiate(requested, "patient/*.cruds"));
        Assert.Equal(requested, ScopeNegotiation.Negotiate(requested, "patient/*.*"));
    }

    [Fact]
    public void Scopes_the_client_may_not_have_are_dropped()
    {
        Assert.Equal("openid", ScopeNegotiation.Negotiate("openid user/*.rs system/Observation.rs offline_access", "openid patient/*.rs"));
        Assert.Equal("", ScopeNegotiation.Negotiate("user/Patient.rs", "patient/*.cruds"));
    }

    [Fact]
    public void Invalid_requested_scopes_are_dropped()
    {
        Assert.Equal("launch", ScopeNegotiation.Negotiate("launch patient/Unicorn.rs admin patient/Observation.sr", "launch patient/*.cruds"));
    }

    [Fact]
    public void A_partly_covered_resource_scope_is_narrowed_to_what_is_allowed()
    {
        Assert.Equal("patient/*.rs", ScopeNegotiation.Negotiate("patient/*.cruds", "patient/*.rs"));
        Assert.Equal("patient/*.read", ScopeNegotiation.Negotiate("patient/*.*", "patient/*.read"));
        Assert.Equal("patient/Observation.rs patient/Condition.rs", ScopeNegotiation.Negotiate("patient/*.rs", "patient/Observation.rs patient/Condition.read"));
        Assert.Equal($"patient/Observation.rs?category={Laboratory}", ScopeNegotiation.Negotiate("patient/Observation.rs", $"patient/Observation.cruds?category={Laboratory}"));
    }

    [Fact]
    public void A_narrowed_grant_carries_no_redundant_scopes()
    {
        // patient/*.rs covers patient/Observation.rs: the second adds nothing.
        Assert.Equal("patient/*.rs", ScopeNegotiation.Negotiate("patient/*.cruds", "patient/*.rs patient/Observation.rs"));
    }

    [Fact]
    public void The_default_client_scopes_grant_a_typical_ehr_launch_request()
    {
        var client = new SmartClient { ClientId = "app", RedirectUris = ["http://127.0.0.1/callback"] };
        var requested = "launch openid fhirUser patient/*.read patient/Observation.rs?category=" + Laboratory + " user/Practitioner.rs offline_access";
        Assert.Equal(requested, ScopeNegotiation.Negotiate(requested, client.Scope));
    }

    [Fact]
    public void Narrowed_scopes_are_valid_covered_by_the_allowed_ones_and_keep_the_v1_form_of_a_v1_request()
    {
        var allowed = $"patient/Observation.cruds?category={Laboratory} patient/Condition.rs user/*.r";
        var granted = ScopeNegotiation.Negotiate("patient/*.* user/Practitioner.rs", allowed);
        Assert.Empty(ScopeList.Parse(granted).Invalid);
        Assert.True(ScopeNegotiation.Narrow(granted, allowed));
        Assert.Equal($"patient/Observation.cruds?category={Laboratory} patient/Condition.read user/Practitioner.r", granted);
    }

    [Theory]
    [InlineData("patient/*.rs openid", "patient/*.rs openid")]
    [InlineData("patient/Observation.rs", "patient/*.rs openid")]
    [InlineData("patient/Observation.read", "patient/*.rs")]
    [InlineData("patient/Observation.r?category=laboratory", "patient/Observation.rs")]
    [InlineData("", "patient/*.rs")]
    [InlineData("openid", "openid patient/*.rs")]
    public void A_refresh_may_ask_for_the_same_or_less(string requested, string granted) =>
        Assert.True(ScopeNegotiation.Narrow(requested, granted));

    [Theory]
    [InlineData("patient/*.rs", "patient/Observation.rs")]
    [InlineData("patient/Observation.cruds", "patient/Observation.rs")]
    [InlineData("user/Observation.rs", "patient/*.rs")]
    [InlineData("patient/Observation.rs", "patient/Observation.rs?category=laboratory")]
    [InlineData("patient/*.rs offline_access", "patient/*.rs")]
    [InlineData("patient/Unicorn.rs", "patient/*.rs")]
    [InlineData("patient/*.rs admin", "patient/*.rs")]
    public void A_refresh_asking_for_more_is_refused(string requested, string granted) =>
        Assert.False(ScopeNegotiation.Narrow(requested, granted));
}
