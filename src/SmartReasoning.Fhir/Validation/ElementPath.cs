using System.Collections;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// The FHIRPath location of a value, in the reference validator's style (<c>Patient.name[0].given[1]</c>,
/// <c>Observation.value.ofType(Quantity)</c>, <c>Bundle.entry[0].resource/*Patient/1*/.name[0]</c>), built as a
/// chain of segments and turned into text only when an issue needs it: most values have no issue, and building
/// every location's text would cost more than checking the value.
/// </summary>
public sealed class ElementPath
{
    private readonly ElementPath? _parent;
    private readonly string _name;
    private readonly int _index;
    private readonly string? _ofType;
    private string? _text;

    private ElementPath(ElementPath? parent, string name, int index, string? ofType)
    {
        _parent = parent;
        _name = name;
        _index = index;
        _ofType = ofType;
    }

    /// <summary>A root: a resource type, or any text used as it is.</summary>
    public static ElementPath Root(string text) => new(null, text, -1, null) { _text = text };

    /// <summary><c>parent.name</c>, <c>parent.name[index]</c> or <c>parent.name.ofType(type)</c>.</summary>
    public ElementPath Child(string name, int index = -1, string? ofType = null) => new(this, name, index, ofType);

    /// <summary>A contained or entry resource: <c>parent/*Type/id*/</c>.</summary>
    public ElementPath Resource(string type, string? id) => new(this, $"/*{type}/{id ?? "null"}*/", -2, null);

    public override string ToString() => _text ??= Build();

    /// <summary>
    /// The node of the typed model at this location, found by walking down from <paramref name="root"/>, the node at
    /// <paramref name="from"/> (a resource's location): what the JSON walk met here, read into the model. Null when the
    /// model has no such node (the JSON holds what the model cannot), or this location is not below <paramref name="from"/>.
    /// </summary>
    internal Base? Navigate(ElementPath from, Base root)
    {
        if (ReferenceEquals(this, from)) return root;
        if (_parent is null || _index == -2 || _parent.Navigate(from, root) is not { } parent) return null;
        object? value;
        try { value = parent.TypeInfo.FindElement(_name)?.Get(parent); }
        catch (InvalidCastException) { return null; }
        // Indexed by the JSON array index, as the walk counts the items.
        if (value is IList list)
        {
            var i = _index >= 0 ? _index : 0;
            return i < list.Count ? list[i] as Base : null;
        }
        return _index <= 0 ? value as Base : null;
    }

    private string Build()
    {
        var parent = _parent!.ToString();
        if (_index == -2) return parent + _name;
        if (_ofType is not null) return $"{parent}.{_name}.ofType({_ofType})";
        return _index >= 0 ? $"{parent}.{_name}[{_index}]" : $"{parent}.{_name}";
    }

    public static implicit operator string(ElementPath path) => path.ToString();
}
