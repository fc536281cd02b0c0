using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Tests.FhirPath;

/// <summary>Compiling for a known input type rejects expressions that cannot mean anything for it.</summary>
public class StaticCheckTests
{
    private static readonly FhirTypeInfo Patient = ModelInfo.FindType("Patient")!;
    private static readonly FhirTypeInfo Observation = ModelInfo.FindType("Observation")!;

    [Theory]
    [InlineData("Patient", "name.given1", "has no element 'given1'")]
    [InlineData("Patient", "Encounter.status", "about Encounter")]
    [InlineData("Observation", "Observation.valueQuantity.unit", "value.ofType(Quantity)")]
    [InlineData("Observation", "(Observation.value as Period).unit", "has no element 'unit'")]
    [InlineData("Patient", "Patient.children().skip(1)", "needs an ordered collection")]
    [InlineData("Patient", "identifier.startsWith('x')", "needs a String")]
    [InlineData("Patient", "iif('text', 1, 2)", "Boolean criterion")]
    [InlineData("Patient", "@2020-01-01 + 7", "quantity")]
    public void Typed_compile_rejects_expressions_that_cannot_apply_to_the_type(string type, string expression, string message)
    {
        var ex = Assert.ThrowsAny<FhirPathCompileException>(() => new FhirPathCompiler().Compile(expression, ModelInfo.FindType(type)!));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Patient.name.where(use = 'official').given.first()")]
    [InlineData("name.select(given.first() + ' ' + family)")]
    [InlineData("contact.name.family | name.family")]
    [InlineData("Patient.deceased.ofType(boolean)")]
    [InlineData("name.given.skip(1)")]
    [InlineData("extension('http://example.org').value.ofType(string)")]
    public void Typed_compile_accepts_valid_patient_expressions(string expression) =>
        Assert.NotNull(new FhirPathCompiler().Compile(expression, Patient));

    [Fact]
    public void Untyped_compile_leaves_type_questions_to_evaluation()
    {
        // R4 search parameters span types in one expression: Account.subject | Patient.link... must compile untyped.
        var compiled = new FhirPathCompiler().Compile("Encounter.status | Observation.valueQuantity.unit");
        Assert.Empty(compiled.Evaluate(new Observation()));
        Assert.NotNull(new FhirPathCompiler().Compile("Observation.value.ofType(Quantity).unit", Observation));
    }
}
