namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>single, first, last, tail, skip, take, intersect, exclude; and the combining union, combine.</summary>
internal static class SubsettingFunctions
{
    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("single", 0, 0, (focus, _, _) => Collection.Of(Collection.Single(focus, "single()"))));
        f.Add(new("first", 0, 0, (focus, _, _) => focus.Count == 0 ? Collection.Empty : [focus[0]]));
        f.Add(new("last", 0, 0, (focus, _, _) => focus.Count == 0 ? Collection.Empty : [focus[^1]]));
        f.Add(new("tail", 0, 0, (focus, _, _) => focus.Skip(1).ToList()));
        f.Add(new("skip", 1, 1, (focus, args, scope) => Arguments.Single<int>(args[0], scope, "skip()") is { } n ? focus.Skip(n).ToList() : Collection.Empty));
        f.Add(new("take", 1, 1, (focus, args, scope) => Arguments.Single<int>(args[0], scope, "take()") is { } n ? focus.Take(n).ToList() : Collection.Empty));
        f.Add(new("intersect", 1, 1, (focus, args, scope) =>
        {
            var other = Arguments.Value(args[0], scope);
            List<object> output = [];
            foreach (var item in focus)
                if (other.Any(o => Operators.Equal(item, o) == true)) BinaryOperators.AddDistinct(output, item);
            return output;
        }));
        f.Add(new("exclude", 1, 1, (focus, args, scope) =>
        {
            var other = Arguments.Value(args[0], scope);
            return focus.Where(item => !other.Any(o => Operators.Equal(item, o) == true)).ToList();
        }));
        f.Add(new("union", 1, 1, (focus, args, scope) => BinaryOperators.Union(focus, Arguments.Value(args[0], scope))));
        f.Add(new("combine", 1, 1, (focus, args, scope) => [.. focus, .. Arguments.Value(args[0], scope)]));
    }
}
