namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>empty, exists, all, allTrue/anyTrue/allFalse/anyFalse, subsetOf, supersetOf, count, distinct, isDistinct.</summary>
internal static class ExistenceFunctions
{
    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("empty", 0, 0, (focus, _, _) => Collection.Of(focus.Count == 0)));
        f.Add(new("exists", 0, 1, (focus, args, scope) => Collection.Of(args.Length == 0 ? focus.Count > 0 : FilteringFunctions.Where(focus, args[0], scope).Count > 0)));
        f.Add(new("all", 1, 1, (focus, args, scope) =>
        {
            for (var i = 0; i < focus.Count; i++)
                if (Collection.ToBoolean(Arguments.ForItem(args[0], focus[i], i, scope), "all()") != true) return Collection.False;
            return Collection.True;
        }));
        f.Add(new("allTrue", 0, 0, (focus, _, _) => Collection.Of(Booleans(focus, "allTrue()").All(b => b))));
        f.Add(new("anyTrue", 0, 0, (focus, _, _) => Collection.Of(Booleans(focus, "anyTrue()").Any(b => b))));
        f.Add(new("allFalse", 0, 0, (focus, _, _) => Collection.Of(Booleans(focus, "allFalse()").All(b => !b))));
        f.Add(new("anyFalse", 0, 0, (focus, _, _) => Collection.Of(Booleans(focus, "anyFalse()").Any(b => !b))));
        f.Add(new("subsetOf", 1, 1, (focus, args, scope) => Collection.Of(IsSubset(focus, Arguments.Value(args[0], scope)))));
        f.Add(new("supersetOf", 1, 1, (focus, args, scope) => Collection.Of(IsSubset(Arguments.Value(args[0], scope), focus))));
        f.Add(new("count", 0, 0, (focus, _, _) => [focus.Count]));
        f.Add(new("distinct", 0, 0, (focus, _, _) => Distinct(focus)));
        f.Add(new("isDistinct", 0, 0, (focus, _, _) => Collection.Of(Distinct(focus).Count == focus.Count)));
    }

    /// <summary>The items as Booleans; any other item is an error.</summary>
    private static List<bool> Booleans(IReadOnlyList<object> focus, string function) =>
        [.. focus.Select(i => SystemValues.Of(i) as bool? ?? throw new FhirPathEvaluationException($"{function} needs Booleans, not {Operators.Describe(i)}"))];

    private static bool IsSubset(IReadOnlyList<object> subset, IReadOnlyList<object> superset) =>
        subset.All(item => superset.Any(other => Operators.Equal(item, other) == true));

    internal static IReadOnlyList<object> Distinct(IReadOnlyList<object> focus)
    {
        // Strings (and string-like primitives) compare by their text: a hash set keeps large collections linear
        // (a CodeSystem's codes, a Bundle's fullUrls), where pairwise equality would be quadratic.
        if (focus.Count > 8 && TextKeys(focus) is { } keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            List<object> distinct = [];
            for (var i = 0; i < keys.Length; i++)
                if (seen.Add(keys[i])) distinct.Add(focus[i]);
            return distinct;
        }
        List<object> output = [];
        foreach (var item in focus) BinaryOperators.AddDistinct(output, item);
        return output;
    }

    private static string[]? TextKeys(IReadOnlyList<object> focus)
    {
        var keys = new string[focus.Count];
        for (var i = 0; i < focus.Count; i++)
        {
            switch (focus[i])
            {
                case string s:
                    keys[i] = s;
                    break;
                case Model.TextPrimitive { Value: { } v } p when p.TypeInfo.Name is "string" or "code" or "id" or "uri" or "url" or "canonical" or "oid" or "uuid" or "markdown":
                    keys[i] = v;
                    break;
                default:
                    return null;
            }
        }
        return keys;
    }
}
