using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Tests.Model;

public class CompartmentCatalogueTests
{
    [Fact]
    public void Patient_compartment_holds_observations_by_subject_and_performer_and_patients_by_link()
    {
        Assert.Equal(["subject", "performer"], CompartmentCatalogue.Parameters("Patient", "Observation"));
        Assert.Equal(["link"], CompartmentCatalogue.Parameters("Patient", "Patient"));
        Assert.Equal(["patient", "recorder", "asserter"], CompartmentCatalogue.Parameters("Patient", "AllergyIntolerance"));
    }

    [Fact]
    public void Types_the_definition_lists_without_parameters_are_never_in_the_compartment()
    {
        Assert.Empty(CompartmentCatalogue.Parameters("Patient", "Practitioner"));
        Assert.Empty(CompartmentCatalogue.Parameters("Patient", "Medication"));
        Assert.Empty(CompartmentCatalogue.Parameters("Patient", "NotAType"));
    }

    [Fact]
    public void The_example_definition_does_not_replace_the_core_device_compartment()
    {
        // CompartmentDefinition/example also has code Device, with two resources only.
        Assert.True(CompartmentCatalogue.All.Count(m => m.Compartment == "Device") > 10);
        Assert.Equal(["Device", "Encounter", "Patient", "Practitioner", "RelatedPerson"], CompartmentCatalogue.All.Select(m => m.Compartment).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_patient_compartment_parameter_is_a_reference_search_parameter_of_its_type()
    {
        var members = CompartmentCatalogue.All.Where(m => m.Compartment == "Patient").ToList();
        Assert.True(members.Count > 60);
        foreach (var member in members)
            foreach (var parameter in member.Parameters)
                Assert.True(SearchParameterCatalogue.Find(member.ResourceType, parameter)?.Type == SearchParamType.Reference, $"{member.ResourceType}.{parameter}");
    }
}
