namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>abs, ceiling, exp, floor, ln, log, power, round, sqrt, truncate.</summary>
internal static class MathFunctions
{
    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("abs", 0, 0, (focus, _, _) => Collection.Of(Single(focus, "abs()") switch
        {
            null => null,
            int i => Math.Abs(i),
            long l => Math.Abs(l),
            decimal d => Math.Abs(d),
            FhirPathQuantity q => new FhirPathQuantity(Math.Abs(q.Value), q.Unit),
            var v => throw NotNumber("abs()", v),
        })));
        f.Add(new("ceiling", 0, 0, (focus, _, _) => Integer(Single(focus, "ceiling()"), Math.Ceiling, "ceiling()")));
        f.Add(new("floor", 0, 0, (focus, _, _) => Integer(Single(focus, "floor()"), Math.Floor, "floor()")));
        f.Add(new("truncate", 0, 0, (focus, _, _) => Integer(Single(focus, "truncate()"), Math.Truncate, "truncate()")));
        f.Add(new("exp", 0, 0, (focus, _, _) => Real(Single(focus, "exp()"), Math.Exp, "exp()")));
        f.Add(new("ln", 0, 0, (focus, _, _) => Real(Single(focus, "ln()"), Math.Log, "ln()")));
        f.Add(new("sqrt", 0, 0, (focus, _, _) => Real(Single(focus, "sqrt()"), Math.Sqrt, "sqrt()")));
        f.Add(new("log", 1, 1, (focus, args, scope) =>
        {
            var b = Arguments.Single<decimal>(args[0], scope, "log()");
            return b is null ? Collection.Empty : Real(Single(focus, "log()"), x => Math.Log(x, (double)b.Value), "log()");
        }));
        f.Add(new("power", 1, 1, (focus, args, scope) =>
        {
            var value = Single(focus, "power()");
            var exponent = Collection.Single(Arguments.Value(args[0], scope), "power()") is { } e ? SystemValues.Of(e) : null;
            if (value is null || exponent is null) return Collection.Empty;
            if (value is int i && exponent is int n && n >= 0)
            {
                try { return [checked((int)Math.Pow(i, n))]; }
                catch (OverflowException) { return Collection.Empty; }
            }
            return Real(value, x => Math.Pow(x, (double)Operators.ToDecimal(exponent)), "power()");
        }));
        f.Add(new("round", 0, 1, (focus, args, scope) =>
        {
            var value = Single(focus, "round()");
            var digits = args.Length == 0 ? 0 : Arguments.Single<int>(args[0], scope, "round()") ?? 0;
            if (value is null) return Collection.Empty;
            if (digits < 0) throw new FhirPathEvaluationException("round() needs a non-negative precision");
            return [Math.Round(Operators.ToDecimal(value), digits, MidpointRounding.AwayFromZero)];
        }));
    }

    private static object? Single(IReadOnlyList<object> focus, string function) =>
        Collection.Single(focus, function) is { } item ? SystemValues.Of(item) : null;

    private static IReadOnlyList<object> Integer(object? value, Func<decimal, decimal> f, string function) => value switch
    {
        null => Collection.Empty,
        int i => [i],
        long l => [l],
        decimal d => [checked((int)f(d))],
        _ => throw NotNumber(function, value),
    };

    /// <summary>A double-precision function; NaN and infinities (ln(-1), sqrt(-1)) are empty.</summary>
    private static IReadOnlyList<object> Real(object? value, Func<double, double> f, string function)
    {
        if (value is null) return Collection.Empty;
        if (!Operators.IsNumber(value)) throw NotNumber(function, value);
        var result = f((double)Operators.ToDecimal(value));
        if (double.IsNaN(result) || double.IsInfinity(result)) return Collection.Empty;
        try { return [(decimal)result]; }
        catch (OverflowException) { return Collection.Empty; }
    }

    private static FhirPathEvaluationException NotNumber(string function, object value) =>
        new($"{function} needs a number, not {Operators.Describe(value)}");
}
