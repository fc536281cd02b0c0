namespace SmartReasoning.Tools.FhirModelGenerator;

/// <summary>Generates the FHIR R4 model: the C# files by their path relative to the output folder.</summary>
public static class ModelGenerator
{
    public static SortedDictionary<string, string> Generate(string packageFolder)
    {
        var definitions = Definitions.Load(packageFolder);
        var typeNames = definitions.StructureDefinitions
            .Select(sd => sd.Str("type")!)
            .Select(t => TypeModelBuilder.PrimitiveClassNames.GetValueOrDefault(t, t))
            .ToHashSet(StringComparer.Ordinal);
        var enums = new CodeEnumBuilder(definitions, typeNames);
        var classes = new TypeModelBuilder(definitions, enums).Build();

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in classes) files[$"{c.ClassName}.g.cs"] = CSharpEmitter.EmitClass(c);
        files["CodeEnums.g.cs"] = CSharpEmitter.EmitEnums(enums.Enums);
        files["ModelInfo.g.cs"] = CSharpEmitter.EmitCatalogue(classes);
        files["SearchParameters.g.cs"] = SearchParameterEmitter.EmitParameters(SearchParameterEmitter.Select(definitions.SearchParameters));
        files["Compartments.g.cs"] = CompartmentEmitter.Emit(CompartmentEmitter.Select(definitions.CompartmentDefinitions));
        return files;
    }
}
