namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// FHIRPath collections are <see cref="IReadOnlyList{T}"/> of items: model nodes or System values.
/// Evaluators never change a collection they are given or have returned, so these can be shared.
/// </summary>
internal static class Collection
{
    public static readonly IReadOnlyList<object> Empty = [];

    public static readonly IReadOnlyList<object> True = [true];
    public static readonly IReadOnlyList<object> False = [false];

    public static IReadOnlyList<object> Of(object? item) => item is null ? Empty : [item];

    public static IReadOnlyList<object> Of(bool? value) => value switch { true => True, false => False, null => Empty };

    /// <summary>The one item of a collection, or null when empty; an error for more than one.</summary>
    public static object? Single(IReadOnlyList<object> items, string what) => items.Count switch
    {
        0 => null,
        1 => items[0],
        _ => throw new FhirPathEvaluationException($"{what} needs a single item, but got {items.Count}"),
    };

    /// <summary>
    /// Singleton evaluation to Boolean (spec 4.5): empty is empty; one Boolean is itself; one other item is true;
    /// more than one item is an error.
    /// </summary>
    public static bool? ToBoolean(IReadOnlyList<object> items, string what)
    {
        var item = Single(items, what);
        if (item is null) return null;
        return SystemValues.Of(item) switch
        {
            bool b => b,
            null => null,
            _ => true,
        };
    }

    /// <summary>The single item as a System value of type <typeparamref name="T"/>, or null when empty.</summary>
    public static T? SingleValue<T>(IReadOnlyList<object> items, string what) where T : class
    {
        var item = Single(items, what);
        if (item is null) return null;
        return SystemValues.Of(item) switch
        {
            null => null,
            T t => t,
            var other => throw new FhirPathEvaluationException($"{what} needs a {typeof(T).Name}, but got {Operators.Describe(other)}"),
        };
    }
}
