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
        List<object> output = [];
        foreach (var item in focus) BinaryOperators.AddDistinct(output, item);
        return output;
    }
}
