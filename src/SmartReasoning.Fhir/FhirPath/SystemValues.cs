using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// FHIRPath sees FHIR primitives as System values (FHIR.string as System.String, FHIR.date as System.Date...)
/// and FHIR Quantity as System.Quantity. These are the conversions, and the System type names of items.
/// </summary>
internal static class SystemValues
{
    public const string UcumSystem = "http://unitsofmeasure.org";

    /// <summary>
    /// The System value of an item: a FHIR primitive's value (null when it has only extensions), a FHIR
    /// Quantity as a <see cref="FhirPathQuantity"/>; any other item as it is.
    /// </summary>
    public static object? Of(object item) => item switch
    {
        PrimitiveType p => Primitive(p),
        Quantity q => QuantityOf(q),
        _ => item,
    };

    private static object? Primitive(PrimitiveType p) => p switch
    {
        BooleanPrimitive b => b.Value,
        IntegerPrimitive i => i.Value,
        DecimalPrimitive d => d.Value,
        Date d => d.Value is { } s && FhirPathDate.TryParse(s, out var date) ? date : null,
        FhirDateTime or Instant => ((TextPrimitive)p).Value is { } s && FhirPathDateTime.TryParse(s, out var dt) ? dt : null,
        Time t => t.Value is { } s && FhirPathTime.TryParse(s, out var time) ? time : null,
        TextPrimitive t => t.Value,
        _ => p.ObjectValue,
    };

    private static FhirPathQuantity? QuantityOf(Quantity q)
    {
        if (q.Value?.Value is not { } value) return null;
        // A UCUM-coded quantity compares by its code; otherwise the human unit is all there is.
        var unit = q.System?.Value == UcumSystem && q.Code?.Value is { } code ? code : q.Unit?.Value ?? q.Code?.Value ?? "1";
        return new FhirPathQuantity(value, unit);
    }

    /// <summary>True for values of the System types (as opposed to model nodes).</summary>
    public static bool IsSystem(object item) => item is string or bool or int or long or decimal
        or FhirPathDate or FhirPathDateTime or FhirPathTime or FhirPathQuantity;

    /// <summary>The System type name of a System value: <c>String</c>, <c>Integer</c>...</summary>
    public static string? SystemTypeName(object item) => item switch
    {
        string => "String",
        bool => "Boolean",
        int => "Integer",
        long => "Long",
        decimal => "Decimal",
        FhirPathDate => "Date",
        FhirPathDateTime => "DateTime",
        FhirPathTime => "Time",
        FhirPathQuantity => "Quantity",
        _ => null,
    };

    /// <summary>The type of an item as written in results: <c>System.Integer</c>, <c>FHIR.HumanName</c>...</summary>
    public static string QualifiedTypeName(object item) =>
        item is Base b ? "FHIR." + FhirTypeName(b) : "System." + SystemTypeName(item);

    /// <summary>A model node's FHIR type name; backbone elements are reported as BackboneElement or Element.</summary>
    public static string FhirTypeName(Base b) => b.TypeInfo.Kind == FhirTypeKind.Backbone ? b.TypeInfo.Base?.Name ?? "BackboneElement" : b.TypeInfo.Name;
}
