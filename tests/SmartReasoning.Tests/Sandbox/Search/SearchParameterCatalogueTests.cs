using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Tests.Sandbox.Search;

public class SearchParameterCatalogueTests
{
    [Fact]
    public void Catalogue_holds_the_core_R4_parameters_and_none_of_the_package_examples()
    {
        Assert.InRange(SearchParameterCatalogue.All.Count, 1_300, 1_399);
        Assert.DoesNotContain(SearchParameterCatalogue.All, p => p.Url.EndsWith("/example", StringComparison.Ordinal) || p.Url.Contains("/example-", StringComparison.Ordinal));
        Assert.Null(SearchParameterCatalogue.Find("Patient", "part-agree")); // SearchParameter/example-extension
        Assert.Null(SearchParameterCatalogue.Find("Patient", "age"));        // an extension parameter (experimental)
        Assert.Equal("http://hl7.org/fhir/SearchParameter/clinical-patient", SearchParameterCatalogue.Find("Condition", "patient")!.Url);
    }

    [Fact]
    public void Each_base_and_code_pair_is_defined_once()
    {
        var pairs = SearchParameterCatalogue.All.SelectMany(p => p.Bases.Select(b => (b, p.Code))).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Theory]
    [InlineData("_id", SearchParamType.Token)]
    [InlineData("_lastUpdated", SearchParamType.Date)]
    [InlineData("_profile", SearchParamType.Uri)]
    [InlineData("_tag", SearchParamType.Token)]
    [InlineData("_security", SearchParamType.Token)]
    [InlineData("_source", SearchParamType.Uri)]
    public void Resource_level_parameters_apply_to_every_resource_type(string code, SearchParamType type)
    {
        Assert.Equal(type, SearchParameterCatalogue.Find("Patient", code)!.Type);
        Assert.Equal(type, SearchParameterCatalogue.Find("Bundle", code)!.Type);
        Assert.Contains(code, SearchParameterCatalogue.ForResource("Observation").Keys);
    }

    [Fact]
    public void DomainResource_parameters_apply_only_to_domain_resources()
    {
        Assert.NotNull(SearchParameterCatalogue.Find("Patient", "_text"));
        Assert.Null(SearchParameterCatalogue.Find("Bundle", "_text"));
    }

    [Fact]
    public void A_parameter_carries_its_type_expression_and_targets()
    {
        var patient = SearchParameterCatalogue.Find("Observation", "patient")!;
        Assert.Equal(SearchParamType.Reference, patient.Type);
        Assert.Contains("Patient", patient.Targets);
        Assert.Contains("Observation.subject.where(resolve() is Patient)", patient.Expression, StringComparison.Ordinal);
        Assert.Contains("Observation", patient.Bases);
    }

    [Fact]
    public void Composite_components_name_parameters_the_catalogue_holds()
    {
        var composite = SearchParameterCatalogue.Find("Observation", "code-value-quantity")!;
        Assert.Equal(SearchParamType.Composite, composite.Type);
        Assert.Equal(2, composite.Components.Count);
        Assert.Equal(SearchParamType.Token, SearchParameterCatalogue.FindByUrl(composite.Components[0].Definition)!.Type);
        Assert.Equal(SearchParamType.Quantity, SearchParameterCatalogue.FindByUrl(composite.Components[1].Definition)!.Type);
        Assert.Equal("value.as(Quantity)", composite.Components[1].Expression);
        Assert.All(SearchParameterCatalogue.All.SelectMany(p => p.Components), c => Assert.NotNull(SearchParameterCatalogue.FindByUrl(c.Definition)));
    }

    [Fact]
    public void Unknown_types_and_codes_find_nothing()
    {
        Assert.Null(SearchParameterCatalogue.Find("NoSuchType", "_id"));
        Assert.Empty(SearchParameterCatalogue.ForResource("NoSuchType"));
        Assert.Null(SearchParameterCatalogue.Find("Patient", "no-such-code"));
    }
}
