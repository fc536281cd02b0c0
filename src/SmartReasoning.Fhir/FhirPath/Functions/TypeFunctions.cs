namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>is(), as(), ofType() and the is/as operators: type tests over FHIR and System types.</summary>
internal static class TypeFunctions
{
    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("is", 1, 1, null, Is));
        // The function form keeps N1's rule of one item; the operator form filters (see As).
        f.Add(new("as", 1, 1, null, type => (focus, scope) => OfType(type)([.. Collection.Of(Collection.Single(focus, $"as({type})"))], scope)));
        f.Add(new("type", 0, 0, (focus, _, _) => [.. focus.Select(item => (object)new TypeInfoValue(item))]));
        f.Add(new("ofType", 1, 1, null, OfType));
    }

    /// <summary><c>x is T</c>: empty for empty input; an error for several items.</summary>
    public static Evaluator Is(TypeSpecifier type) => (focus, _) =>
        Collection.Single(focus, $"is {type}") is { } item ? Collection.Of(type.Matches(item)) : Collection.Empty;

    /// <summary>
    /// <c>x as T</c>: the items that are T. N1 allows one item only, but R4's own search parameters apply it to
    /// collections (<c>(Observation.component.value as CodeableConcept)</c>), so it filters like ofType().
    /// </summary>
    public static Evaluator As(TypeSpecifier type) => OfType(type);

    private static Evaluator OfType(TypeSpecifier type) => (focus, _) =>
    {
        List<object>? output = null;
        foreach (var item in focus) if (type.Matches(item, exactPrimitives: true)) (output ??= []).Add(item);
        return output ?? Collection.Empty;
    };
}

/// <summary>What <c>type()</c> returns: a node with the <c>namespace</c> and <c>name</c> of an item's type.</summary>
internal sealed class TypeInfoValue : Model.Base
{
    private static readonly Model.FhirTypeInfo Metadata = new("TypeInfo", Model.FhirTypeKind.ComplexType, null, isAbstract: false, typeof(TypeInfoValue), null,
    [
        new("namespace", ["string"], 1, 1, Model.ElementFlags.SystemString, null, static o => ((TypeInfoValue)o).Namespace, static (_, _) => { }),
        new("name", ["string"], 1, 1, Model.ElementFlags.SystemString, null, static o => ((TypeInfoValue)o).Name, static (_, _) => { }),
    ]);

    public TypeInfoValue(object item)
    {
        Namespace = item is Model.Base ? "FHIR" : "System";
        Name = item is Model.Base b ? SystemValues.FhirTypeName(b) : SystemValues.SystemTypeName(item) ?? "Any";
    }

    public string Namespace { get; }
    public string Name { get; }
    public override Model.FhirTypeInfo TypeInfo => Metadata;
}
