using System.Text.Json.Nodes;

namespace SmartReasoning.Tools.FhirModelGenerator;

/// <summary>One generated class: a primitive, datatype, resource or backbone element type.</summary>
internal sealed class ClassModel
{
    public required string FhirName { get; init; }
    public required string ClassName { get; init; }
    public required string Kind { get; init; }          // FhirTypeKind member name
    public required string BaseClass { get; init; }     // C# base class
    public string? BaseFhirName { get; init; }          // FHIR base type for the metadata
    public bool IsAbstract { get; init; }
    public bool IsSealed { get; set; }
    public string? Url { get; init; }
    public string? Summary { get; init; }
    public string? PrimitiveKind { get; init; }         // PrimitiveJsonKind member name
    public List<PropertyModel> Properties { get; } = [];
    public List<ClassModel> Components { get; } = [];
    public ClassModel? Parent { get; init; }

    /// <summary>The name code outside the class uses: <c>Patient.ContactComponent</c> for a component.</summary>
    public string QualifiedName => Parent is null ? ClassName : Parent.QualifiedName + "." + ClassName;
}

/// <summary>One generated property, for one element of a type.</summary>
internal sealed class PropertyModel
{
    public required string FhirName { get; init; }       // "value" for value[x]
    public required string PropertyName { get; init; }
    public required string[] FhirTypes { get; init; }    // metadata type names; backbone paths for components
    public required string ItemClrType { get; init; }
    public required int Min { get; init; }
    public required int Max { get; init; }
    public bool IsList { get; init; }
    public bool IsChoice { get; init; }
    public bool IsSystemString { get; init; }
    public bool IsSummary { get; init; }
    public bool IsModifier { get; init; }
    public bool IsResource { get; init; }
    public bool IsCreatable { get; init; }
    public string? BindingStrength { get; init; }
    public string? BindingValueSet { get; init; }
    public string? Summary { get; init; }

    public string FieldName => "_" + char.ToLowerInvariant(PropertyName[0]) + PropertyName[1..];
    public string ClrType => IsList ? $"List<{ItemClrType}>" : ItemClrType;
}

/// <summary>Builds the class models from the StructureDefinitions of the base specification.</summary>
internal sealed class TypeModelBuilder(Definitions definitions, CodeEnumBuilder enums)
{
    private const string SystemTypePrefix = "http://hl7.org/fhirpath/System.";
    private const string FhirTypeExtension = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
    private const string ExplicitTypeNameExtension = "http://hl7.org/fhir/StructureDefinition/structuredefinition-explicit-type-name";

    /// <summary>C# names for the primitives: FHIR's lower-case names, prefixed where they would clash with .NET's.</summary>
    public static readonly IReadOnlyDictionary<string, string> PrimitiveClassNames = new Dictionary<string, string>
    {
        ["boolean"] = "FhirBoolean", ["integer"] = "Integer", ["string"] = "FhirString", ["decimal"] = "FhirDecimal",
        ["uri"] = "FhirUri", ["url"] = "FhirUrl", ["canonical"] = "Canonical", ["base64Binary"] = "Base64Binary",
        ["instant"] = "Instant", ["date"] = "Date", ["dateTime"] = "FhirDateTime", ["time"] = "Time", ["code"] = "Code",
        ["oid"] = "Oid", ["id"] = "Id", ["markdown"] = "Markdown", ["unsignedInt"] = "UnsignedInt",
        ["positiveInt"] = "PositiveInt", ["uuid"] = "Uuid", ["xhtml"] = "XHtml",
    };

    // Members of the hand-written base classes that no generated property may hide.
    private static readonly HashSet<string> ReservedNames =
        ["TypeInfo", "TypeMetadata", "UnknownProperties", "FhirTypeName", "ObjectValue", "HasValue", "HasElementContent", "ToString", "Equals", "GetHashCode", "GetType"];

    private readonly Dictionary<string, string> _classByFhirType = new(StringComparer.Ordinal);

    public List<ClassModel> Build()
    {
        var sds = definitions.StructureDefinitions.Where(IsBaseType).ToList();
        foreach (var sd in sds)
        {
            var type = sd.Str("type")!;
            _classByFhirType[type] = PrimitiveClassNames.TryGetValue(type, out var p) ? p : type;
        }

        var classes = sds.Select(BuildClass).OrderBy(c => c.ClassName, StringComparer.Ordinal).ToList();
        var baseClasses = classes.Select(c => c.BaseClass).ToHashSet();
        foreach (var c in classes)
            c.IsSealed = !c.IsAbstract && !baseClasses.Contains(c.ClassName) && c.ClassName != "Code";
        return classes;
    }

    /// <summary>Base types only: specializations and the roots, not profiles (constraints) or logical models.</summary>
    private static bool IsBaseType(JsonObject sd) =>
        sd.Str("kind") is "primitive-type" or "complex-type" or "resource"
        && sd.Str("derivation") is null or "specialization";

    private ClassModel BuildClass(JsonObject sd)
    {
        var type = sd.Str("type")!;
        var kind = sd.Str("kind")!;
        var baseFhir = sd.Str("baseDefinition") is { } b ? b[(b.LastIndexOf('/') + 1)..] : null;
        var elements = sd["snapshot"]!["element"]!.AsArray().OfType<JsonObject>().ToList();
        var root = elements[0];

        string? primitiveKind = null;
        string baseClass;
        if (kind == "primitive-type")
        {
            primitiveKind = type switch
            {
                "boolean" => "Boolean",
                "integer" or "positiveInt" or "unsignedInt" => "Integer",
                "decimal" => "Decimal",
                _ => "Text",
            };
            baseClass = baseFhir == "Element" ? primitiveKind + "Primitive" : _classByFhirType[baseFhir!];
        }
        else baseClass = baseFhir is null ? "Base" : _classByFhirType[baseFhir];

        var model = new ClassModel
        {
            FhirName = type,
            ClassName = _classByFhirType[type],
            Kind = kind switch { "primitive-type" => "Primitive", "resource" => "Resource", _ => "ComplexType" },
            BaseClass = baseClass,
            BaseFhirName = baseFhir,
            IsAbstract = sd.Bool("abstract"),
            Url = sd.Str("url"),
            Summary = sd.Str("description") is { } d ? FirstSentence(d) : root.Str("short"),
            PrimitiveKind = primitiveKind,
        };

        var byPath = elements.ToDictionary(e => e.Str("path")!, StringComparer.Ordinal);
        var backbonePaths = elements.Skip(1)
            .Where(e => e.Str("contentReference") is null && IsBackbone(e, elements))
            .Select(e => e.Str("path")!).ToList();
        var componentNames = NameComponents(type, backbonePaths, byPath);

        AddProperties(model, type, type, elements, componentNames, kind == "primitive-type");
        foreach (var path in backbonePaths) BuildComponent(model, path, elements, byPath, componentNames, type);
        return model;
    }

    private void BuildComponent(ClassModel root, string path, List<JsonObject> elements,
        Dictionary<string, JsonObject> byPath, Dictionary<string, string> componentNames, string rootType)
    {
        var element = byPath[path];
        var baseType = element.Objects("type").First().Str("code")!;
        var component = new ClassModel
        {
            FhirName = path,
            ClassName = componentNames[path],
            Kind = "Backbone",
            BaseClass = baseType,
            BaseFhirName = baseType,
            IsSealed = true,
            Summary = element.Str("short"),
            Parent = root,
        };
        AddProperties(component, path, rootType, elements, componentNames, isPrimitive: false);
        root.Components.Add(component);
    }

    private void AddProperties(ClassModel model, string parentPath, string rootType, List<JsonObject> elements,
        Dictionary<string, string> componentNames, bool isPrimitive)
    {
        foreach (var e in elements)
        {
            var path = e.Str("path")!;
            if (path.LastIndexOf('.') is var dot && (dot < 0 || path[..dot] != parentPath)) continue;
            var basePath = e["base"].Str("path") ?? path;
            if (!basePath.StartsWith(rootType + ".", StringComparison.Ordinal)) continue; // inherited
            var name = path[(dot + 1)..];
            if (isPrimitive && name == "value") continue; // held by the hand-written primitive base

            model.Properties.Add(BuildProperty(model, e, name, componentNames));
        }
    }

    private PropertyModel BuildProperty(ClassModel owner, JsonObject e, string name, Dictionary<string, string> componentNames)
    {
        var isChoice = name.EndsWith("[x]", StringComparison.Ordinal);
        var fhirName = isChoice ? name[..^3] : name;
        var propertyName = char.ToUpperInvariant(fhirName[0]) + fhirName[1..];
        if (propertyName == owner.ClassName) propertyName += "Value"; // C# forbids a member named like its type
        if (ReservedNames.Contains(propertyName))
            throw new InvalidOperationException($"{e.Str("path")} would hide the model's own member {propertyName}");

        var baseMax = e["base"].Str("max") ?? e.Str("max")!;
        var max = e.Str("max") == "*" ? -1 : int.Parse(e.Str("max")!, System.Globalization.CultureInfo.InvariantCulture);
        var types = e.Objects("type").ToList();
        var path = e.Str("path")!;
        var binding = e["binding"];
        var strength = binding.Str("strength");
        var valueSet = binding.Str("valueSet") is { } vs ? Definitions.Unversioned(vs) : null;

        string[] fhirTypes;
        string itemClr;
        bool systemString = false, isResource = false, creatable = true;
        if (e.Str("contentReference") is { } reference)
        {
            var target = reference.TrimStart('#');
            fhirTypes = [target];
            itemClr = componentNames[target];
        }
        else if (componentNames.TryGetValue(path, out var component))
        {
            fhirTypes = [path];
            itemClr = component;
        }
        else if (isChoice)
        {
            fhirTypes = [.. types.Select(t => t.Str("code")!)];
            itemClr = "Element";
            creatable = false;
        }
        else
        {
            var code = types.Single().Str("code")!;
            if (code.StartsWith(SystemTypePrefix, StringComparison.Ordinal))
            {
                // Resource.id is of type id (R4 Resource page); its definition gives System.String marked 'string'.
                fhirTypes = [path == "Resource.id" ? "id" : types[0].ExtensionValue(FhirTypeExtension) ?? "string"];
                itemClr = "string";
                systemString = true;
                creatable = false;
            }
            else
            {
                fhirTypes = [code];
                isResource = code == "Resource";
                creatable = !isResource;
                itemClr = code == "code" && strength == "required" && valueSet is not null && enums.Require(valueSet) is { } enumName
                    ? $"Code<{enumName}>"
                    : _classByFhirType[code];
            }
        }

        return new PropertyModel
        {
            FhirName = fhirName,
            PropertyName = propertyName,
            FhirTypes = fhirTypes,
            ItemClrType = itemClr,
            Min = e["min"]?.GetValue<int>() ?? 0,
            Max = max,
            IsList = baseMax != "1" && baseMax != "0",
            IsChoice = isChoice,
            IsSystemString = systemString,
            IsSummary = e.Bool("isSummary"),
            IsModifier = e.Bool("isModifier"),
            IsResource = isResource,
            IsCreatable = creatable,
            BindingStrength = strength,
            BindingValueSet = valueSet,
            Summary = e.Str("short"),
        };
    }

    private static bool IsBackbone(JsonObject e, List<JsonObject> elements)
    {
        var types = e.Objects("type").ToList();
        if (types.Count != 1 || types[0].Str("code") is not ("BackboneElement" or "Element")) return false;
        var prefix = e.Str("path") + ".";
        return elements.Any(x => x.Str("path")!.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Names each backbone element's class, from HL7's explicit type name where given; unique within the type.</summary>
    private static Dictionary<string, string> NameComponents(string rootType, List<string> paths, Dictionary<string, JsonObject> byPath)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var explicitName = byPath[path].ExtensionValue(ExplicitTypeNameExtension);
            var name = Pascal(explicitName ?? path[(path.LastIndexOf('.') + 1)..]) + "Component";
            if (!used.Add(name))
            {
                // Fall back to the whole path below the root, which is unique.
                name = string.Concat(path[(rootType.Length + 1)..].Split('.').Select(Pascal)) + "Component";
                if (!used.Add(name)) throw new InvalidOperationException($"Component name clash at {path}");
            }
            names[path] = name;
        }
        return names;
    }

    public static string Pascal(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string FirstSentence(string text)
    {
        var line = text.Split('\n')[0].Trim();
        var stop = line.IndexOf(". ", StringComparison.Ordinal);
        return stop > 0 ? line[..(stop + 1)] : line;
    }
}
