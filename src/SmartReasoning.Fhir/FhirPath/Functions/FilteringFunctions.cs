namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>where, select, repeat, aggregate (ofType is with the type functions).</summary>
internal static class FilteringFunctions
{
    /// <summary>repeat() stops after this many items: a safety net for data that cycles.</summary>
    private const int MaxRepeatItems = 100_000;

    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("where", 1, 1, (focus, args, scope) => Where(focus, args[0], scope)));
        f.Add(new("select", 1, 1, (focus, args, scope) =>
        {
            if (focus.Count == 0) return Collection.Empty;
            List<object> output = [];
            for (var i = 0; i < focus.Count; i++) output.AddRange(Arguments.ForItem(args[0], focus[i], i, scope));
            return output;
        }));
        f.Add(new("repeat", 1, 1, (focus, args, scope) => Repeat(focus, args[0], scope)));
        f.Add(new("aggregate", 1, 2, (focus, args, scope) =>
        {
            var (previousTotal, total) = (scope.Total, (object?)(args.Length > 1 ? Arguments.Value(args[1], scope) : Collection.Empty));
            try
            {
                for (var i = 0; i < focus.Count; i++)
                {
                    scope.Total = total;
                    total = Arguments.ForItem(args[0], focus[i], i, scope);
                }
                return total as IReadOnlyList<object> ?? Collection.Empty;
            }
            finally
            {
                scope.Total = previousTotal;
            }
        }));
    }

    internal static IReadOnlyList<object> Where(IReadOnlyList<object> focus, Evaluator criteria, EvaluationScope scope)
    {
        if (focus.Count == 0) return Collection.Empty;
        List<object>? output = null;
        for (var i = 0; i < focus.Count; i++)
            if (Collection.ToBoolean(Arguments.ForItem(criteria, focus[i], i, scope), "where()") == true) (output ??= []).Add(focus[i]);
        return output ?? Collection.Empty;
    }

    /// <summary>Applies the projection again and again to new items until none appear; items seen before are not revisited.</summary>
    private static IReadOnlyList<object> Repeat(IReadOnlyList<object> focus, Evaluator projection, EvaluationScope scope)
    {
        List<object> output = [];
        // Nodes are the same when they are the same object; System values when they are equal.
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var seenValues = new HashSet<object>();
        var queue = new Queue<object>(focus);
        while (queue.Count > 0)
        {
            var item = queue.Dequeue();
            foreach (var next in Arguments.ForItem(projection, item, 0, scope))
            {
                if (!(next is Model.Base ? seen.Add(next) : seenValues.Add(next))) continue;
                if (output.Count >= MaxRepeatItems)
                    throw new FhirPathEvaluationException($"repeat() produced more than {MaxRepeatItems:N0} items");
                output.Add(next);
                queue.Enqueue(next);
            }
        }
        return output;
    }
}
