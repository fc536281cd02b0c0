using System.Collections.Frozen;

namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>A function's implementation: its input collection, its compiled (lazily evaluated) arguments, the scope.</summary>
internal delegate IReadOnlyList<object> FunctionBody(IReadOnlyList<object> focus, Evaluator[] arguments, EvaluationScope scope);

/// <summary>A function of the catalogue: its name, how many arguments it takes, and its implementation.</summary>
/// <param name="CompileWithType">For <c>is()</c>, <c>as()</c>, <c>ofType()</c>: built from the type named by the argument.</param>
internal sealed record FunctionDefinition(string Name, int MinArguments, int MaxArguments, FunctionBody? Body, Func<TypeSpecifier, Evaluator>? CompileWithType = null)
{
    public bool TakesType => CompileWithType is not null;
}

/// <summary>Every FHIRPath function, by name: the N1 catalogue plus the FHIR additions.</summary>
internal static class FunctionCatalogue
{
    private static readonly FrozenDictionary<string, FunctionDefinition> All = Build();

    public static FunctionDefinition? Find(string name) => All.GetValueOrDefault(name);

    public static IEnumerable<string> Names => All.Keys;

    private static FrozenDictionary<string, FunctionDefinition> Build()
    {
        List<FunctionDefinition> functions = [];
        ExistenceFunctions.Register(functions);
        FilteringFunctions.Register(functions);
        SubsettingFunctions.Register(functions);
        ConversionFunctions.Register(functions);
        StringFunctions.Register(functions);
        MathFunctions.Register(functions);
        BoundaryFunctions.Register(functions);
        TypeFunctions.Register(functions);
        UtilityFunctions.Register(functions);
        FhirFunctions.Register(functions);
        functions.Add(new("sort", 0, int.MaxValue, null));
        return functions.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }
}

/// <summary>What function implementations share: evaluating arguments for the whole focus or item by item.</summary>
internal static class Arguments
{
    /// <summary>
    /// Evaluates an argument that is a value, not a criteria: against <c>$this</c> inside an iteration, else against
    /// <c>%context</c>. So in <c>name.where(given.startsWith(family))</c> the name's family is meant, and at the top
    /// level <c>Patient.name.first().subsetOf($this.name)</c> reads the patient's names.
    /// </summary>
    public static IReadOnlyList<object> Value(Evaluator argument, EvaluationScope scope) =>
        argument(scope.This is { } item ? [item] : scope.Context, scope);

    /// <summary>Evaluates a criteria or projection argument for one item, with <c>$this</c> and <c>$index</c> set.</summary>
    public static IReadOnlyList<object> ForItem(Evaluator argument, object item, int index, EvaluationScope scope)
    {
        var (previousThis, previousIndex) = (scope.This, scope.Index);
        scope.This = item;
        scope.Index = index;
        try
        {
            return argument([item], scope);
        }
        finally
        {
            scope.This = previousThis;
            scope.Index = previousIndex;
        }
    }

    /// <summary>A single System value argument of type <typeparamref name="T"/>; null when empty.</summary>
    public static T? Single<T>(Evaluator argument, EvaluationScope scope, string function) where T : struct
    {
        var item = Collection.Single(Value(argument, scope), function);
        if (item is null) return null;
        return SystemValues.Of(item) switch
        {
            null => null,
            T t => t,
            int i when typeof(T) == typeof(long) => (T)(object)(long)i,
            int i when typeof(T) == typeof(decimal) => (T)(object)(decimal)i,
            var other => throw new FhirPathEvaluationException($"{function} needs a {typeof(T).Name} argument, not {Operators.Describe(other)}"),
        };
    }

    public static string? String(Evaluator argument, EvaluationScope scope, string function) =>
        Collection.SingleValue<string>(Value(argument, scope), $"{function}'s argument");
}
