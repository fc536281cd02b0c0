using System.Collections;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>Walks the model by element name, as FHIRPath path steps do; resolved through the generated metadata.</summary>
internal static class Navigation
{
    /// <summary>Adds the values of one element of a node.</summary>
    public static void Children(Base node, ElementInfo element, List<object> output) => AddValue(element, element.Get(node), null, output);

    /// <summary>Every child element of an item, in definition order.</summary>
    public static void AllChildren(object item, List<object> output)
    {
        if (item is not Base node) return;
        foreach (var element in node.TypeInfo.Elements) AddValue(element, element.Get(node), null, output);
    }

    /// <summary>Adds an element value (a list, one node, or a System string) to the output, keeping only <paramref name="onlyType"/> when given.</summary>
    public static void AddValue(ElementInfo element, object? value, FhirTypeInfo? onlyType, List<object> output)
    {
        switch (value)
        {
            case null: return;
            case string s when element.TypeInfos[0] is { Name: not "string", Create: { } create }:
                // Resource.id and Extension.url are held as plain strings but are FHIR id and uri to FHIRPath.
                var primitive = (TextPrimitive)create();
                primitive.Value = s;
                output.Add(primitive);
                return;
            case IList list:
                foreach (var v in list)
                    if (v is not null && (onlyType is null || ReferenceEquals(((Base)v).TypeInfo, onlyType))) output.Add(v);
                return;
            case Base b when onlyType is not null && !ReferenceEquals(b.TypeInfo, onlyType): return;
            default: output.Add(value); return;
        }
    }
}
