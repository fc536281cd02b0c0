namespace SmartReasoning.Fhir.FhirPath;

/// <summary>Binary operators over collections: how each treats empty, singleton and larger operands (spec section 6).</summary>
internal static class BinaryOperators
{
    public static Evaluator Compile(string op, Evaluator left, Evaluator right) => op switch
    {
        "and" => (f, s) => Collection.Of(And(Collection.ToBoolean(left(f, s), "and"), () => Collection.ToBoolean(right(f, s), "and"))),
        "or" => (f, s) => Collection.Of(Or(Collection.ToBoolean(left(f, s), "or"), () => Collection.ToBoolean(right(f, s), "or"))),
        "xor" => (f, s) => Collection.Of(Xor(Collection.ToBoolean(left(f, s), "xor"), Collection.ToBoolean(right(f, s), "xor"))),
        "implies" => (f, s) => Collection.Of(Implies(Collection.ToBoolean(left(f, s), "implies"), () => Collection.ToBoolean(right(f, s), "implies"))),
        "=" => (f, s) => Collection.Of(Equal(left(f, s), right(f, s))),
        "!=" => (f, s) => Collection.Of(Not(Equal(left(f, s), right(f, s)))),
        "~" => (f, s) => Collection.Of(Equivalent(left(f, s), right(f, s))),
        "!~" => (f, s) => Collection.Of(!Equivalent(left(f, s), right(f, s))),
        "<" or "<=" or ">" or ">=" => (f, s) => Collection.Of(Compare(op, left(f, s), right(f, s))),
        "|" => (f, s) => Union(left(f, s), right(f, s)),
        "in" => (f, s) => Collection.Of(Contains(right(f, s), left(f, s), "in")),
        "contains" => (f, s) => Collection.Of(Contains(left(f, s), right(f, s), "contains")),
        "&" => (f, s) => [Text(left(f, s)) + Text(right(f, s))],
        _ => (f, s) => Arithmetic(op, left(f, s), right(f, s)),
    };

    private static bool? Not(bool? b) => b is null ? null : !b.Value;

    // Three-valued logic; the right side is evaluated only when it can change the answer.
    private static bool? And(bool? a, Func<bool?> right) => a == false ? false : right() switch
    {
        false => false,
        true => a,
        null => null,
    };

    private static bool? Or(bool? a, Func<bool?> right) => a == true ? true : right() switch
    {
        true => true,
        false => a,
        null => null,
    };

    private static bool? Xor(bool? a, bool? b) => a is null || b is null ? null : a != b;

    private static bool? Implies(bool? a, Func<bool?> right) => a == false ? true : right() switch
    {
        true => true,
        false => a == true ? false : null,
        null => null,
    };

    /// <summary>Collections are equal when of one size and equal item by item; empty if either is empty.</summary>
    internal static bool? Equal(IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        if (left.Count == 0 || right.Count == 0) return null;
        if (left.Count != right.Count) return false;
        for (var i = 0; i < left.Count; i++)
        {
            var same = Operators.Equal(left[i], right[i]);
            if (same != true) return same;
        }
        return true;
    }

    /// <summary>Equivalent collections hold equivalent items in any order; two empty collections are equivalent.</summary>
    internal static bool Equivalent(IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        if (left.Count != right.Count) return false;
        var unmatched = right.ToList();
        foreach (var item in left)
        {
            var index = unmatched.FindIndex(other => Operators.Equivalent(item, other));
            if (index < 0) return false;
            unmatched.RemoveAt(index);
        }
        return true;
    }

    private static bool? Compare(string op, IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        var a = Collection.Single(left, op);
        var b = Collection.Single(right, op);
        if (a is null || b is null) return null;
        var order = Operators.Compare(a, b);
        if (order is not { } c) return null;
        return op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            _ => c >= 0,
        };
    }

    /// <summary>Union: both collections, duplicates (by <c>=</c>) removed.</summary>
    internal static IReadOnlyList<object> Union(IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        List<object> output = [];
        foreach (var item in left) AddDistinct(output, item);
        foreach (var item in right) AddDistinct(output, item);
        return output;
    }

    internal static void AddDistinct(List<object> output, object item)
    {
        foreach (var existing in output)
            if (Operators.Equal(existing, item) == true) return;
        output.Add(item);
    }

    private static bool? Contains(IReadOnlyList<object> collection, IReadOnlyList<object> element, string op)
    {
        var item = Collection.Single(element, op);
        if (item is null) return null;
        foreach (var candidate in collection)
            if (Operators.Equal(candidate, item) == true) return true;
        return false;
    }

    private static string Text(IReadOnlyList<object> items) => Collection.Single(items, "&") is { } item
        ? SystemValues.Of(item) switch
        {
            null => "",
            string s => s,
            var other => throw new FhirPathEvaluationException($"& needs Strings, not {Operators.Describe(other)}"),
        }
        : "";

    private static IReadOnlyList<object> Arithmetic(string op, IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        var a = Collection.Single(left, op);
        var b = Collection.Single(right, op);
        if (a is null || b is null) return Collection.Empty;
        return Collection.Of(Operators.Arithmetic(op, a, b));
    }
}
