using SmartReasoning.Fhir.FhirPath.Syntax;

namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>
/// <c>sort([key, ...])</c>: orders the input by each key in turn (by the items themselves when no key is given);
/// a key written <c>-key</c> sorts descending. Compiled from the argument nodes because the minus is syntax here.
/// </summary>
internal static class SortFunction
{
    public static Evaluator Compile(IReadOnlyList<Node> keys)
    {
        var compiled = keys.Select(k => k is UnaryNode { Operator: "-" } negated
            ? (Key: FhirPathCompiler.CompileNode(negated.Operand), Descending: true)
            : (Key: FhirPathCompiler.CompileNode(k), Descending: false)).ToArray();
        return (focus, scope) =>
        {
            if (focus.Count < 2) return focus;
            var rows = focus.Select((item, i) => (Item: item, Keys: compiled.Select(k => Collection.Single(Arguments.ForItem(k.Key, item, i, scope), "sort()")).ToArray())).ToList();
            rows.Sort((a, b) =>
            {
                if (compiled.Length == 0) return Order(a.Item, b.Item);
                for (var k = 0; k < compiled.Length; k++)
                {
                    var order = Order(a.Keys[k], b.Keys[k]);
                    if (order != 0) return compiled[k].Descending ? -order : order;
                }
                return 0;
            });
            return rows.Select(r => r.Item).ToList();
        };
    }

    /// <summary>Empty keys sort last (first when descending); values that cannot be ordered keep their order.</summary>
    private static int Order(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => Operators.Compare(a, b) ?? 0,
    };
}
