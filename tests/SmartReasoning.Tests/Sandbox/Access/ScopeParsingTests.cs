using SmartReasoning.Sandbox.Authorization.Scopes;

namespace SmartReasoning.Tests.Sandbox.Access;

public class ScopeParsingTests
{
    private const string Laboratory = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    private static ResourceScope Single(string text)
    {
        var list = ScopeList.Parse(text);
        Assert.Empty(list.Invalid);
        return Assert.IsType<ResourceScope>(Assert.Single(list.Scopes));
    }

    [Theory]
    [InlineData("patient/Observation.read", ScopePermissions.Read | ScopePermissions.Search, true)]
    [InlineData("patient/Observation.write", ScopePermissions.Create | ScopePermissions.Update | ScopePermissions.Delete, true)]
    [InlineData("patient/Observation.*", ScopePermissions.All, true)]
    [InlineData("patient/Observation.rs", ScopePermissions.Read | ScopePermissions.Search, false)]
    [InlineData("patient/Observation.cud", ScopePermissions.Create | ScopePermissions.Update | ScopePermissions.Delete, false)]
    [InlineData("patient/Observation.cruds", ScopePermissions.All, false)]
    [InlineData("patient/Observation.r", ScopePermissions.Read, false)]
    [InlineData("patient/Observation.s", ScopePermissions.Search, false)]
    [InlineData("patient/Observation.cd", ScopePermissions.Create | ScopePermissions.Delete, false)]
    public void V1_names_map_to_the_same_permissions_as_v2_letters(string text, ScopePermissions expected, bool isV1)
    {
        var scope = Single(text);
        Assert.Equal(expected, scope.Permissions);
        Assert.Equal(isV1, scope.IsV1);
        Assert.Equal("Observation", scope.ResourceType);
        Assert.Equal(text, scope.Text);
    }

    [Theory]
    [InlineData("patient/*.rs", ScopeContext.Patient)]
    [InlineData("user/*.rs", ScopeContext.User)]
    [InlineData("system/*.rs", ScopeContext.System)]
    public void Contexts_and_the_wildcard_type_are_read(string text, ScopeContext context)
    {
        var scope = Single(text);
        Assert.Equal(context, scope.Context);
        Assert.Equal(ResourceScope.AnyType, scope.ResourceType);
        Assert.True(scope.AppliesTo("Observation"));
        Assert.True(scope.AppliesTo("Patient"));
    }

    [Fact]
    public void A_granular_scope_keeps_its_search_restriction_decoded()
    {
        var plain = Single($"patient/Observation.rs?category={Laboratory}");
        var encoded = Single("patient/Observation.rs?category=http%3A%2F%2Fterminology.hl7.org%2FCodeSystem%2Fobservation-category%7Claboratory");

        Assert.Equal([new ScopeRestriction("category", Laboratory)], plain.Restrictions);
        Assert.Equal(plain.Restrictions, encoded.Restrictions);
        Assert.Equal([new ScopeRestriction("code", "4548-4"), new ScopeRestriction("status", "final")], Single("patient/Observation.rs?code=4548-4&status=final").Restrictions);
        Assert.Equal([new ScopeRestriction("type", "http://loinc.org|11506-3")], Single("user/DocumentReference.rs?type=http://loinc.org|11506-3").Restrictions);
        Assert.Equal([new ScopeRestriction("_tag", "http://example.org|research")], Single("patient/*.rs?_tag=http://example.org|research").Restrictions);
    }

    [Theory]
    [InlineData("openid")]
    [InlineData("fhirUser")]
    [InlineData("profile")]
    [InlineData("launch")]
    [InlineData("launch/patient")]
    [InlineData("launch/encounter")]
    [InlineData("online_access")]
    [InlineData("offline_access")]
    public void Non_resource_scopes_are_recognised(string text)
    {
        var list = ScopeList.Parse(text);
        Assert.IsType<NamedScope>(Assert.Single(list.Scopes));
        Assert.True(list.Contains(text));
    }

    [Theory]
    [InlineData("patient/Observation.sr", "permission")]
    [InlineData("patient/Observation.rrs", "permission")]
    [InlineData("patient/Observation.x", "permission")]
    [InlineData("patient/Observation.", "permission")]
    [InlineData("patient/Observation", "Type.permissions")]
    [InlineData("patient/Unicorn.rs", "not an R4 resource type")]
    [InlineData("patient/observation.rs", "not an R4 resource type")]
    [InlineData("patient/Resource.rs", "not an R4 resource type")]
    [InlineData("Patient/Observation.rs", "not a SMART scope")]
    [InlineData("practitioner/Observation.rs", "not a SMART scope")]
    [InlineData("launch/unicorn", "not a SMART scope")]
    [InlineData("admin", "not a SMART scope")]
    [InlineData("patient/Observation.read?category=laboratory", "v2 permissions")]
    [InlineData("patient/Observation.rs?unicorn=1", "not a search parameter of Observation")]
    [InlineData("patient/*.rs?category=laboratory", "not a search parameter of every resource type")]
    [InlineData("patient/Observation.rs?_count=5", "changes how results are returned")]
    [InlineData("patient/Observation.rs?_include=Observation:subject", "changes how results are returned")]
    [InlineData("patient/Observation.rs?category", "name=value")]
    [InlineData("patient/Observation.rs?category=", "name=value")]
    [InlineData("patient/Observation.rs?", "name=value")]
    [InlineData("patient/Observation.rs?date=notadate", "date")]
    [InlineData("patient/Observation.rs?category=caf\u00e9", "printable ASCII")]
    public void Invalid_scopes_are_reported_with_the_reason_not_thrown(string text, string reason)
    {
        var list = ScopeList.Parse($"openid {text} patient/Patient.rs");

        var invalid = Assert.Single(list.Invalid);
        Assert.Equal(text, invalid.Text);
        Assert.Contains(reason, invalid.Reason, StringComparison.Ordinal);
        Assert.Equal(["openid", "patient/Patient.rs"], list.Scopes.Select(s => s.Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("/")]
    [InlineData("patient/")]
    [InlineData("patient/*.")]
    [InlineData("patient/.rs")]
    [InlineData("?")]
    [InlineData("patient/Observation.rs?=&=&")]
    [InlineData("patient/Observation.rs?category=%ZZ%")]
    [InlineData("patient/Observation.rs?code:unknownmodifier=1")]
    public void Malformed_input_never_throws(string? text)
    {
        var list = ScopeList.Parse(text);
        Assert.Equal(text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0, list.Scopes.Count + list.Invalid.Count);
    }

    [Fact]
    public void Repeated_scopes_count_once_and_keep_their_order()
    {
        var list = ScopeList.Parse("launch patient/*.rs  launch openid patient/*.rs");
        Assert.Equal("launch patient/*.rs openid", list.ToString());
    }

    [Fact]
    public void A_wildcard_covers_each_type_and_a_v1_read_equals_v2_rs()
    {
        var granted = ScopeList.Parse("patient/*.rs");
        Assert.True(granted.Covers(Single("patient/Observation.read")));
        Assert.True(granted.Covers(Single("patient/Observation.r")));
        Assert.True(granted.Covers(Single($"patient/Observation.rs?category={Laboratory}")));
        Assert.False(granted.Covers(Single("patient/Observation.rus")));
        Assert.False(granted.Covers(Single("user/Observation.rs")));
        Assert.False(ScopeList.Parse("patient/Observation.rs").Covers(Single("patient/*.rs")));
    }

    [Fact]
    public void A_granular_scope_does_not_cover_the_unrestricted_one_or_another_restriction()
    {
        var granted = ScopeList.Parse($"patient/Observation.rs?category={Laboratory}");
        Assert.True(granted.Covers(Single($"patient/Observation.rs?category={Laboratory}")));
        Assert.True(granted.Covers(Single($"patient/Observation.r?category={Laboratory}&code=4548-4")));
        Assert.False(granted.Covers(Single("patient/Observation.rs")));
        Assert.False(granted.Covers(Single("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs")));
    }

    [Fact]
    public void Permissions_from_several_scopes_add_up()
    {
        var granted = ScopeList.Parse("patient/Observation.r patient/*.s");
        Assert.True(granted.Covers(Single("patient/Observation.rs")));
        Assert.False(granted.Covers(Single("patient/Condition.rs")));
    }

    [Fact]
    public void Format_writes_v2_letters_in_order_and_escapes_only_what_a_scope_cannot_hold()
    {
        Assert.Equal("cruds", ResourceScope.Letters(ScopePermissions.All));
        Assert.Equal("rs", ResourceScope.Letters(ScopePermissions.Search | ScopePermissions.Read));
        Assert.Equal($"user/Observation.rs?category={Laboratory}",
            ResourceScope.Format(ScopeContext.User, "Observation", ScopePermissions.Read | ScopePermissions.Search, [new("category", Laboratory)]));
        var odd = ResourceScope.Format(ScopeContext.Patient, "Observation", ScopePermissions.Read, [new("code", "a b&c=d")]);
        Assert.Equal("patient/Observation.r?code=a%20b%26c%3Dd", odd);
        Assert.Equal([new ScopeRestriction("code", "a b&c=d")], Single(odd).Restrictions);
    }
}
