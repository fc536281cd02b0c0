namespace SmartReasoning.Fhir.Model;

/// <summary>
/// The root of every FHIR value in the model: resources, datatypes, primitives and backbone elements.
/// What a value looks like (its elements, their types and cardinality) is read from <see cref="TypeInfo"/>,
/// static metadata generated from the R4 StructureDefinitions, never discovered by reflection.
/// </summary>
public abstract class Base
{
    /// <summary>The generated metadata of this value's FHIR type.</summary>
    public abstract FhirTypeInfo TypeInfo { get; }

    /// <summary>
    /// Properties the lenient JSON parser met but the type does not define, kept verbatim so that
    /// nothing is lost when the value is written back. Always empty after a strict parse.
    /// </summary>
    public List<UnknownProperty>? UnknownProperties { get; set; }

    /// <summary>The FHIR type name, e.g. <c>Patient</c>, <c>HumanName</c>, <c>string</c>.</summary>
    public string FhirTypeName => TypeInfo.Name;

    public override string ToString() => FhirTypeName;
}

/// <summary>A JSON property the model does not know, with its value as raw JSON text.</summary>
public sealed record UnknownProperty(string Name, string RawJson);
