namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>
/// FHIRPath 3.0's (STU) lowBoundary([precision]), highBoundary([precision]) and precision() on Decimal (and
/// Integer, read as a Decimal), Quantity, Date, DateTime and Time, and comparable(quantity). The arithmetic is
/// on the value types: <see cref="FhirPathDecimal"/>, <see cref="FhirPathQuantity.LowBoundary"/>,
/// <see cref="FhirPathDate.LowBoundary"/>, <see cref="FhirPathDateTime.LowBoundary"/>,
/// <see cref="FhirPathTime.LowBoundary"/>, <see cref="FhirPathQuantityMath.Comparable"/>.
/// </summary>
internal static class BoundaryFunctions
{
    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("lowBoundary", 0, 1, (focus, args, scope) => Boundary(focus, args, scope, "lowBoundary()", high: false)));
        f.Add(new("highBoundary", 0, 1, (focus, args, scope) => Boundary(focus, args, scope, "highBoundary()", high: true)));
        f.Add(new("precision", 0, 0, (focus, _, _) =>
        {
            object? digits = Single(focus, "precision()") switch
            {
                null => null,
                int or long => 0,
                decimal d => FhirPathDecimal.Precision(d),
                FhirPathQuantity q => FhirPathDecimal.Precision(q.Value),
                FhirPathDate d => d.PrecisionDigits,
                FhirPathDateTime dt => dt.PrecisionDigits,
                FhirPathTime t => t.PrecisionDigits,
                var v => throw Unsupported("precision()", v),
            };
            return Collection.Of(digits);
        }));
        f.Add(new("comparable", 1, 1, (focus, args, scope) =>
        {
            if (Single(focus, "comparable()") is not { } value) return Collection.Empty;
            var argument = Collection.Single(Arguments.Value(args[0], scope), "comparable()") is { } item ? SystemValues.Of(item) : null;
            if (argument is null) return Collection.Empty;
            if (value is not FhirPathQuantity a || argument is not FhirPathQuantity b)
            {
                throw new FhirPathEvaluationException($"comparable() compares two quantities, not {Operators.Describe(value)} and {Operators.Describe(argument)}");
            }

            return Collection.Of(FhirPathQuantityMath.Comparable(a, b));
        }));
    }

    /// <summary>
    /// Empty for an empty input or an empty precision argument, and for a precision the type has not (a negative
    /// one, 39 for a decimal, 5 for a date...); an error for an input of another type.
    /// </summary>
    private static IReadOnlyList<object> Boundary(IReadOnlyList<object> focus, Evaluator[] args, EvaluationScope scope, string function, bool high)
    {
        if (Single(focus, function) is not { } value) return Collection.Empty;
        int? precision = null;
        if (args.Length == 1)
        {
            precision = Arguments.Single<int>(args[0], scope, function);
            if (precision is null) return Collection.Empty;
        }

        object? result = value switch
        {
            int or long or decimal => DecimalBoundary(Operators.ToDecimal(value), precision, high),
            FhirPathQuantity q => high ? q.HighBoundary(precision) : q.LowBoundary(precision),
            FhirPathDate d => high ? d.HighBoundary(precision) : d.LowBoundary(precision),
            FhirPathDateTime dt => high ? dt.HighBoundary(precision) : dt.LowBoundary(precision),
            FhirPathTime t => high ? t.HighBoundary(precision) : t.LowBoundary(precision),
            _ => throw Unsupported(function, value),
        };
        return Collection.Of(result);
    }

    private static decimal? DecimalBoundary(decimal value, int? precision, bool high) =>
        high ? FhirPathDecimal.HighBoundary(value, precision) : FhirPathDecimal.LowBoundary(value, precision);

    private static object? Single(IReadOnlyList<object> focus, string function) =>
        Collection.Single(focus, function) is { } item ? SystemValues.Of(item) : null;

    private static FhirPathEvaluationException Unsupported(string function, object value) =>
        new($"{function} needs a decimal, an integer, a quantity, a date, a dateTime or a time, not {Operators.Describe(value)}");
}
