using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>One value of an element as met in the JSON: the value (null when only the <c>_name</c> companion is there),
/// its companion, the typed model node it was read into, and the concrete type (for choice elements, from the name).</summary>
internal readonly record struct Item(JsonElement? Value, JsonElement? Companion, string JsonName, string TypeCode, int Index);

/// <summary>
/// The structural walk: each JSON property is matched with an element of the snapshot (unknown ones reported),
/// arrays and JSON kinds checked, cardinality counted, slices assigned, and each value checked by type: primitive
/// formats, fixed and pattern values, bindings, references and extensions; nested datatypes and resources recurse.
/// Why the JSON tree and not the typed model: the model keeps neither the lexical form of every primitive nor
/// the JSON shape (an object where an array belongs, nulls, empty arrays), and drops unknown elements in strict
/// mode. The typed node of each value travels along, because invariants are FHIRPath over the model.
/// </summary>
internal sealed class ElementValidator(ValidationRun run)
{
    private static readonly IReadOnlyList<ElementNode> NoChildren = [];

    public void ValidateChildren(JsonElement obj, IReadOnlyList<ElementNode> children, ElementPath path, ResourceScope scope,
        string parentType, string parentPath, bool isResourceRoot)
    {
        if (obj.ValueKind != JsonValueKind.Object) return;
        // Rented: an object is met for every complex value, and these die with the call.
        var groups = ArrayPool<List<Item>?>.Shared.Rent(children.Count);
        var names = ArrayPool<string?>.Shared.Rent(children.Count);
        try
        {
            ValidateChildren(obj, children, path, scope, parentType, parentPath, isResourceRoot, groups, names);
        }
        finally
        {
            for (var d = 0; d < children.Count; d++)
                if (groups[d] is { } list) ReturnItems(list);
            Array.Clear(groups, 0, children.Count);
            Array.Clear(names, 0, children.Count);
            ArrayPool<List<Item>?>.Shared.Return(groups);
            ArrayPool<string?>.Shared.Return(names);
        }
    }

    private void ValidateChildren(JsonElement obj, IReadOnlyList<ElementNode> children, ElementPath path, ResourceScope scope,
        string parentType, string parentPath, bool isResourceRoot, List<Item>?[] groups, string?[] names)
    {
        var table = NameTable.For(children);
        var hasCompanions = HasCompanions(obj);
        foreach (var property in obj.EnumerateObject())
        {
            // Most names are an element's JSON name exactly: found without making a string of the name.
            int index;
            string typeCode, name, baseName;
            bool isCompanion;
            if (table.Find(JsonMarshal.GetRawUtf8PropertyName(property)) is { } known)
            {
                (index, typeCode, name) = known;
                baseName = name;
                isCompanion = false;
            }
            else
            {
                name = property.Name;
                if (isResourceRoot && name == "resourceType") continue;
                isCompanion = name.Length > 1 && name[0] == '_';
                baseName = isCompanion ? name[1..] : name;
                (index, typeCode) = Match(children, baseName);
            }
            if (index < 0)
            {
                if (ChoicePrefix(children, baseName) is { } choice)
                    run.Outcome.Add(ValidationMessages.TypeNotAllowed, path, baseName, string.Join(", ", choice.Types.Select(t => t.Code)));
                else run.Outcome.Add(ValidationMessages.UnknownProperty, path, name);
                continue;
            }
            var def = children[index];
            var mayHaveCompanion = !def.IsSystemPrimitive && Primitives.IsPrimitive(typeCode);
            if (isCompanion && !mayHaveCompanion)
            {
                if (def.BasePath == "Resource.id" && property.Value.TryGetProperty("extension", out var ext) && ext.ValueKind == JsonValueKind.Array && ext.GetArrayLength() > 0)
                    run.Outcome.Add(ValidationMessages.ExtensionOnResourceId, $"{path}.id", ext[0].Str("url"));
                else run.Outcome.Add(ValidationMessages.UnknownProperty, path, name);
                continue;
            }
            if (isCompanion && obj.TryGetProperty(baseName, out _)) continue; // read with its value
            JsonElement? value = isCompanion ? null : property.Value;
            JsonElement? companion = isCompanion ? property.Value : mayHaveCompanion && hasCompanions && obj.TryGetProperty("_" + baseName, out var c) ? c : null;
            if (names[index] is { } other && other != baseName)
            {
                run.Outcome.Add(ValidationMessages.ChoiceTypeConflict, path, def.Path, other + ", " + baseName);
                continue;
            }
            names[index] = baseName;
            Expand(value, companion, def, typeCode, baseName, path, parentType, groups[index] ??= RentItems());
        }

        for (var d = 0; d < children.Count; d++)
        {
            var def = children[d];
            var items = groups[d] ?? NoItems;
            CheckCardinality(def, items.Count, path);
            if (items.Count == 0 && def.Slices.Count == 0) continue;
            int[]? assigned = null;
            if (def.Slicing is not null && def.Slices.Count > 0)
                assigned = run.Slicing.Assign(items, def, path, scope);
            var fullUrl = def.Path == "Bundle.entry.resource" ? obj.Str("fullUrl") : null;
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var itemDef = assigned is not null && assigned[i] >= 0 ? def.Slices[assigned[i]] : def;
                ValidateItem(item, itemDef, ItemPath(path, def, item), scope, parentType, parentPath, fullUrl);
            }
        }
    }

    private static readonly List<Item> NoItems = [];

    // The item lists of the objects being walked, reused: one is needed for every element met, and they die with
    // the object. Per thread, since a validator is shared across threads.
    [ThreadStatic] private static Stack<List<Item>>? t_itemLists;

    private static List<Item> RentItems() => t_itemLists is { Count: > 0 } pool ? pool.Pop() : new List<Item>(4);

    private static void ReturnItems(List<Item> list)
    {
        if (list.Capacity > 4096) return;
        list.Clear(); // drops the JSON elements, and with them the document
        (t_itemLists ??= new Stack<List<Item>>()).Push(list);
    }

    private static bool HasCompanions(JsonElement obj)
    {
        foreach (var property in obj.EnumerateObject())
            if (JsonMarshal.GetRawUtf8PropertyName(property) is [(byte)'_', _, ..]) return true;
        return false;
    }

    private static bool IsEmptyObject(JsonElement obj)
    {
        using var properties = obj.EnumerateObject();
        return !properties.MoveNext();
    }

    /// <summary>
    /// The exact JSON names of a list of elements (<c>given</c>, <c>valueQuantity</c>), each with its element and
    /// type, made once per list: matching a property then needs no string of its name. Other spellings (escapes,
    /// companions, wrong case) go through <see cref="Match"/>.
    /// </summary>
    private sealed class NameTable
    {
        private static readonly ConditionalWeakTable<IReadOnlyList<ElementNode>, NameTable> Tables = [];
        private readonly Dictionary<string, (int Index, string TypeCode)> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Index, string TypeCode)>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        private NameTable(IReadOnlyList<ElementNode> children)
        {
            for (var i = 0; i < children.Count; i++)
            {
                var def = children[i];
                if (!def.IsChoice) _names.TryAdd(def.Name, (i, def.Types.Count > 0 ? def.Types[0].Code : def.ContentReference is not null ? "BackboneElement" : "Element"));
                else
                    foreach (var type in def.Types)
                        if (type.Code.Length > 0 && char.IsAsciiLetter(type.Code[0]))
                            _names.TryAdd(def.BaseName + char.ToUpperInvariant(type.Code[0]) + type.Code[1..], (i, type.Code));
            }
            _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public static NameTable For(IReadOnlyList<ElementNode> children) => Tables.GetValue(children, c => new NameTable(c));

        public (int Index, string TypeCode, string Name)? Find(ReadOnlySpan<byte> utf8Name)
        {
            if (utf8Name.Length == 0 || utf8Name.Length > 64 || utf8Name[0] == (byte)'_' || utf8Name.Contains((byte)'\\')) return null;
            Span<char> chars = stackalloc char[64];
            if (!Encoding.UTF8.TryGetChars(utf8Name, chars, out var length)) return null;
            return _lookup.TryGetValue(chars[..length], out var name, out var found) ? (found.Index, found.TypeCode, name) : null;
        }
    }

    internal static ElementPath ItemPath(ElementPath path, ElementNode def, Item item)
    {
        if (def.IsChoice) return path.Child(def.BaseName, ofType: item.TypeCode);
        return def.IsArray ? path.Child(def.Name, item.Index) : path.Child(def.Name);
    }

    private void CheckCardinality(ElementNode def, int count, ElementPath path)
    {
        if (count < def.Min)
            run.Outcome.Add(ValidationMessages.MinCardinality, path, def.Display, def.Min, count, def.Owner.VersionedUrl);
        if (def.Max >= 0 && count > def.Max)
            run.Outcome.Add(ValidationMessages.MaxCardinality, path, def.Display, def.Max, count, def.Owner.VersionedUrl);
    }

    private static (int Index, string TypeCode) Match(IReadOnlyList<ElementNode> children, string name)
    {
        for (var i = 0; i < children.Count; i++)
        {
            var def = children[i];
            if (def.IsChoice)
            {
                var baseName = def.BaseName;
                if (name.Length <= baseName.Length || !name.StartsWith(baseName, StringComparison.Ordinal)) continue;
                var suffix = name.AsSpan(baseName.Length);
                foreach (var type in def.Types)
                    if (suffix.Equals(type.Code, StringComparison.OrdinalIgnoreCase) && char.IsUpper(suffix[0]))
                        return (i, type.Code);
            }
            else if (def.Name == name)
                return (i, def.Types.Count > 0 ? def.Types[0].Code : def.ContentReference is not null ? "BackboneElement" : "Element");
        }
        return (-1, "");
    }

    private static ElementNode? ChoicePrefix(IReadOnlyList<ElementNode> children, string name)
    {
        foreach (var def in children)
            if (def.IsChoice && name.Length > def.BaseName.Length && name.StartsWith(def.BaseName, StringComparison.Ordinal)
                && char.IsUpper(name[def.BaseName.Length]) && Primitives.IsKnownType(name[def.BaseName.Length..]))
                return def;
        return null;
    }

    // Turns the JSON property (and its _ companion) into items, reporting shape problems.
    private void Expand(JsonElement? value, JsonElement? companion, ElementNode def, string typeCode, string jsonName, ElementPath path,
        string parentType, List<Item> items)
    {
        var main = value ?? companion!.Value;
        string Location() => path.Child(def.IsChoice ? def.BaseName : def.Name);
        if (main.ValueKind == JsonValueKind.Array)
        {
            if (!def.IsArray) run.Outcome.Add(ValidationMessages.ArrayNotExpected, Location(), jsonName, parentType);
            // Arrays are enumerated, never indexed: JsonElement's indexer walks the array from its start.
            using var values = value is { ValueKind: JsonValueKind.Array } va ? va.EnumerateArray() : default;
            using var companions = companion is { ValueKind: JsonValueKind.Array } ca ? ca.EnumerateArray() : default;
            var hasValues = value is { ValueKind: JsonValueKind.Array };
            var hasCompanions = companion is { ValueKind: JsonValueKind.Array };
            var i = 0;
            while (true)
            {
                var moreValues = hasValues && values.MoveNext();
                var moreCompanions = hasCompanions && companions.MoveNext();
                if (!moreValues && !moreCompanions) break;
                JsonElement? v = moreValues && values.Current.ValueKind != JsonValueKind.Null ? values.Current : null;
                JsonElement? comp = moreCompanions && companions.Current.ValueKind != JsonValueKind.Null ? companions.Current : null;
                if (v is null && comp is null) run.Outcome.Add(ValidationMessages.ArrayItemNoValue, Location(), i, i);
                else items.Add(new Item(v, comp, jsonName, typeCode, i));
                i++;
            }
            if (i == 0) run.Outcome.Add(ValidationMessages.EmptyArray, Location());
            return;
        }
        if (def.IsArray)
            run.Outcome.Add(ValidationMessages.ArrayExpected, Location(), jsonName, Describe(main), parentType);
        if (main.ValueKind == JsonValueKind.Null)
        {
            run.Outcome.Add(ValidationMessages.NullNotAllowed, Location(), jsonName);
            return;
        }
        items.Add(new Item(value is { ValueKind: not JsonValueKind.Null } ? value : null, value is null ? main : companion, jsonName, typeCode, 0));
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an Object",
        JsonValueKind.Array => "an Array",
        JsonValueKind.String => "a String",
        JsonValueKind.Number => "a Number",
        JsonValueKind.True or JsonValueKind.False => "a Boolean",
        _ => "null",
    };

    /// <summary>Checks one value against its element definition (or slice), and recurses into it.</summary>
    public void ValidateItem(Item item, ElementNode def, ElementPath path, ResourceScope scope, string parentType, string parentPath, string? fullUrl = null)
    {
        var typeCode = item.TypeCode;
        if (Primitives.IsPrimitive(typeCode) || def.IsSystemPrimitive)
        {
            if (item.Value is { } v)
            {
                run.Primitives.Validate(v, typeCode, def, path, scope);
                run.FixedPattern.Check(v, def, path);
                run.Bindings.CheckPrimitive(v, typeCode, def, path);
            }
            if (item.Companion is { } companion)
            {
                if (companion.ValueKind == JsonValueKind.Object && IsEmptyObject(companion)) run.Outcome.Add(ValidationMessages.EmptyObject, path);
                if (companion.ValueKind != JsonValueKind.Object) run.Outcome.Add(ValidationMessages.WrongJsonType, path, "_" + item.JsonName, "an Object", Describe(companion));
                else if (run.Resources.FindType(typeCode) is { } primitiveSd)
                    ValidateChildren(companion, [.. primitiveSd.Root.Children.Where(c => c.Name != "value")], path, scope, typeCode, def.Path, false);
            }
            run.Invariants.Check(def, null, item.Value, path, scope);
            return;
        }
        if (item.Value is not { } value) return;
        if (value.ValueKind != JsonValueKind.Object)
        {
            run.Outcome.Add(ValidationMessages.WrongJsonType, path, item.JsonName, "an Object", Describe(value));
            return;
        }
        if (typeCode == "Resource" || run.Resources.FindType(typeCode) is { Kind: "resource" })
        {
            if (def.Name == "contained" && !run.Options.ValidateContained) return;
            var resourceType = value.Str("resourceType");
            var profiles = def.Types.Where(t => t.Code == resourceType || t.Code == "Resource").SelectMany(t => t.Profiles).ToList();
            run.ResourceValidator.Validate(value, path, scope, profiles, isContained: def.Name == "contained", fullUrl);
            return;
        }
        if (IsEmptyObject(value)) run.Outcome.Add(ValidationMessages.EmptyObject, path);

        var typeSd = TypeDefinition(def, typeCode);
        if (typeCode == "Extension") typeSd = run.Extensions.Resolve(value, def, path, parentType, parentPath, item.JsonName) ?? typeSd;
        // Below a choice of several types (value[x].value, no type slice) the reference validator checks the value
        // against its type's own definition: what a profile says there binds no one type, so it is not applied.
        IReadOnlyList<ElementNode> children = def.Children.Count > 0 && def.Types.Count <= 1 ? def.Children
            : def.ContentReference is { } reference ? FindContent(def.Owner, reference)
            : typeSd?.Root.Children ?? NoChildren;
        // Elements reached through a contentReference (Questionnaire.item.item) are named by the element referred to.
        var elementPath = def.ContentReference is { } r ? r[(r.IndexOf('#', StringComparison.Ordinal) + 1)..] : def.Path;
        ValidateChildren(value, children, path, scope, typeCode, elementPath, false);

        run.FixedPattern.Check(value, def, path);
        run.Bindings.CheckComplex(value, typeCode, def, path);
        if (typeCode == "Reference") run.References.Check(value, def, path, scope);
        if (typeCode == "Attachment") run.Primitives.CheckAttachment(value, path);
        if (typeCode is "Quantity" or "Age" or "Duration" or "Distance" or "Count" or "SimpleQuantity") run.Primitives.CheckQuantityRange(value, def, path);
        run.Invariants.Check(def, typeSd, value, path, scope);
    }

    private StructureDefinitionInfo? TypeDefinition(ElementNode def, string typeCode)
    {
        // Indexed loops: foreach over the IReadOnlyLists would box an enumerator for every value.
        for (var t = 0; t < def.Types.Count; t++)
            if (def.Types[t] is { } type && type.Code == typeCode)
                for (var p = 0; p < type.Profiles.Count; p++)
                    if (run.Resources.FindStructure(type.Profiles[p]) is { } sd) return sd;
        return run.Resources.FindType(typeCode);
    }

    private static IReadOnlyList<ElementNode> FindContent(StructureDefinitionInfo owner, string reference)
    {
        var target = reference[(reference.IndexOf('#', StringComparison.Ordinal) + 1)..];
        return Find(owner.Root, target)?.Children ?? NoChildren;

        static ElementNode? Find(ElementNode node, string path)
        {
            if (node.Path == path && node.SliceName is null) return node;
            foreach (var child in node.Children)
                if (path.StartsWith(child.Path, StringComparison.Ordinal) && Find(child, path) is { } found) return found;
            return null;
        }
    }
}
