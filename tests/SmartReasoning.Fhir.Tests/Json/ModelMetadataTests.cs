using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>The generated metadata the JSON layer is driven by, checked against the R4 StructureDefinitions.</summary>
public class ModelMetadataTests
{
    [Fact]
    public void Patient_deceased_is_a_choice_of_boolean_and_dateTime()
    {
        var patient = ModelInfo.FindType("Patient")!;

        var deceased = patient.FindElement("deceased")!;

        Assert.True(deceased.IsChoice);
        Assert.Equal(["boolean", "dateTime"], deceased.TypeNames);
        Assert.Equal([FhirBoolean.TypeMetadata, FhirDateTime.TypeMetadata], deceased.TypeInfos);
        Assert.True(deceased.IsSummary);
        Assert.True(deceased.IsModifier);
        Assert.False(deceased.IsList);
        Assert.Equal((0, 1), (deceased.Min, deceased.Max));
        Assert.Null(deceased.Create);
        Assert.Equal("Patient.deceased", deceased.Path);
        Assert.Null(patient.FindElement("deceasedBoolean"));
        Assert.Null(patient.FindElement("deceased[x]"));
    }

    [Fact]
    public void Patient_contact_is_a_backbone_type_named_by_its_path()
    {
        var contact = ModelInfo.FindType("Patient")!.FindElement("contact")!;

        var type = Assert.Single(contact.TypeInfos);
        Assert.Equal("Patient.contact", type.Name);
        Assert.Equal(FhirTypeKind.Backbone, type.Kind);
        Assert.Same(type, ModelInfo.FindType("Patient.contact"));
        Assert.Same(Patient.ContactComponent.TypeMetadata, type);
        Assert.Equal(typeof(Patient.ContactComponent), type.ClrType);
        Assert.Same(ModelInfo.FindType("BackboneElement"), type.Base);
        Assert.True(contact.IsList);
        Assert.Equal(-1, contact.Max);
        Assert.IsType<Patient.ContactComponent>(type.Create!());
        Assert.Null(type.Url);
        Assert.Equal("Patient.contact.gender", type.FindElement("gender")!.Path);
        Assert.Equal(["id", "extension", "modifierExtension", "relationship"], type.Elements.Take(4).Select(e => e.Name));
    }

    [Theory]
    // Inherited from Resource and DomainResource.
    [InlineData("id", true, false)]
    [InlineData("meta", true, false)]
    [InlineData("implicitRules", true, true)]
    [InlineData("language", false, false)]
    [InlineData("text", false, false)]
    [InlineData("contained", false, false)]
    [InlineData("extension", false, false)]
    [InlineData("modifierExtension", false, true)]
    // Observation's own elements.
    [InlineData("identifier", true, false)]
    [InlineData("basedOn", true, false)]
    [InlineData("partOf", true, false)]
    [InlineData("status", true, true)]
    [InlineData("category", false, false)]
    [InlineData("code", true, false)]
    [InlineData("subject", true, false)]
    [InlineData("focus", true, false)]
    [InlineData("encounter", true, false)]
    [InlineData("effective", true, false)]
    [InlineData("issued", true, false)]
    [InlineData("performer", true, false)]
    [InlineData("value", true, false)]
    [InlineData("dataAbsentReason", false, false)]
    [InlineData("interpretation", false, false)]
    [InlineData("note", false, false)]
    [InlineData("bodySite", false, false)]
    [InlineData("method", false, false)]
    [InlineData("specimen", false, false)]
    [InlineData("device", false, false)]
    [InlineData("referenceRange", false, false)]
    [InlineData("hasMember", true, false)]
    [InlineData("derivedFrom", true, false)]
    [InlineData("component", true, false)]
    public void Observation_elements_are_summary_and_modifier_flagged_as_the_spec_says(string name, bool summary, bool modifier)
    {
        var element = ModelInfo.FindType("Observation")!.FindElement(name)!;

        Assert.Equal(summary, element.IsSummary);
        Assert.Equal(modifier, element.IsModifier);
    }

    [Fact]
    public void Observation_has_every_element_of_its_definition_in_order()
    {
        Assert.Equal(
            ["id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
             "identifier", "basedOn", "partOf", "status", "category", "code", "subject", "focus", "encounter", "effective", "issued",
             "performer", "value", "dataAbsentReason", "interpretation", "note", "bodySite", "method", "specimen", "device",
             "referenceRange", "hasMember", "derivedFrom", "component"],
            Observation.TypeMetadata.Elements.Select(e => e.Name));
        var status = Observation.TypeMetadata.FindElement("status")!;
        Assert.True(status.IsRequired);
        Assert.Equal(new BindingInfo(BindingStrength.Required, "http://hl7.org/fhir/ValueSet/observation-status"), status.Binding);
        Assert.Equal(
            ["Quantity", "CodeableConcept", "string", "boolean", "integer", "Range", "Ratio", "SampledData", "time", "dateTime", "Period"],
            Observation.TypeMetadata.FindElement("value")!.TypeNames);
    }

    [Fact]
    public void There_are_146_concrete_resource_types()
    {
        var resources = ModelInfo.ResourceTypes.ToList();

        Assert.Equal(146, resources.Count);
        Assert.Equal(146, resources.Select(r => r.Name).Distinct().Count());
        Assert.All(resources, r =>
        {
            Assert.False(r.IsAbstract);
            Assert.NotNull(r.Create);
            Assert.True(r.IsA(Resource.TypeMetadata));
            Assert.Equal(r.Name, r.Create!().TypeInfo.Name);
            Assert.Equal($"http://hl7.org/fhir/StructureDefinition/{r.Name}", r.Url);
        });
        Assert.Contains(resources, r => r.Name == "Patient");
        Assert.Contains(resources, r => r.Name == "Bundle");
        Assert.Contains(resources, r => r.Name == "Parameters");
        Assert.Contains(resources, r => r.Name == "Binary");
        Assert.DoesNotContain(resources, r => r.Name is "Resource" or "DomainResource");
    }

    [Fact]
    public void Every_concrete_resource_type_can_be_written_and_parsed_back_empty()
    {
        foreach (var type in ModelInfo.ResourceTypes)
        {
            var json = FhirJsonSerializer.SerializeToString(type.Create!());
            Assert.Equal($$"""{"resourceType":"{{type.Name}}"}""", json);
            AssertLosslessRoundTrip<Resource>(json);
        }
    }

    [Theory]
    [InlineData("Resource", null)]
    [InlineData("DomainResource", "Resource")]
    public void Resource_and_DomainResource_are_abstract(string name, string? baseName)
    {
        var type = ModelInfo.FindType(name)!;

        Assert.True(type.IsAbstract);
        Assert.True(type.IsResource);
        Assert.Null(type.Create);
        Assert.Equal(baseName, type.Base?.Name);
    }

    [Fact]
    public void ParseElement_refuses_an_abstract_datatype()
    {
        Assert.Throws<ArgumentException>(() => Strict.ParseElement("""{"id":"x"}"""u8, ModelInfo.FindType("Element")!));
    }

    [Fact]
    public void Patient_specializes_DomainResource_and_inherits_its_elements_first()
    {
        var patient = Patient.TypeMetadata;

        Assert.Same(DomainResource.TypeMetadata, patient.Base);
        Assert.True(patient.IsA(DomainResource.TypeMetadata));
        Assert.True(patient.IsA(Resource.TypeMetadata));
        Assert.False(patient.IsA(Bundle.TypeMetadata));
        Assert.Equal(["id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension", "identifier"],
            patient.Elements.Take(9).Select(e => e.Name));
        Assert.Same(Resource.TypeMetadata, patient.FindElement("id")!.DeclaringType);
        Assert.True(patient.FindElement("id")!.IsSystemString);
    }

    [Theory]
    [InlineData("boolean", PrimitiveJsonKind.Boolean)]
    [InlineData("integer", PrimitiveJsonKind.Integer)]
    [InlineData("unsignedInt", PrimitiveJsonKind.Integer)]
    [InlineData("positiveInt", PrimitiveJsonKind.Integer)]
    [InlineData("decimal", PrimitiveJsonKind.Decimal)]
    [InlineData("string", PrimitiveJsonKind.Text)]
    [InlineData("code", PrimitiveJsonKind.Text)]
    [InlineData("date", PrimitiveJsonKind.Text)]
    [InlineData("xhtml", PrimitiveJsonKind.Text)]
    [InlineData("base64Binary", PrimitiveJsonKind.Text)]
    public void Primitive_types_know_their_JSON_form(string name, PrimitiveJsonKind kind)
    {
        var type = ModelInfo.FindType(name)!;

        Assert.Equal(FhirTypeKind.Primitive, type.Kind);
        Assert.Equal(kind, type.PrimitiveKind);
        Assert.Same(type, ModelInfo.FindType(name.AsSpan()));
    }

    [Fact]
    public void Unknown_type_names_are_not_found()
    {
        Assert.Null(ModelInfo.FindType("patient"));
        Assert.Null(ModelInfo.FindType("Patient.nope"));
        Assert.Null(ModelInfo.FindType(""));
        Assert.Equal("4.0.1", ModelInfo.FhirVersion);
    }
}
