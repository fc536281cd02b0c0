using System.Globalization;
using System.Text.RegularExpressions;

namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>iif and the conversions: toX() gives empty when the input cannot convert; convertsToX() says whether it can.</summary>
internal static partial class ConversionFunctions
{
    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("iif", 2, 3, (focus, args, scope) =>
        {
            // The arguments see the input as $this: ('context').iif(true, select($this), ...) gives 'context'.
            var input = Collection.Single(focus, "iif()");
            IReadOnlyList<object> Argument(Evaluator a) => input is null ? Arguments.Value(a, scope) : Arguments.ForItem(a, input, scope.Index, scope);
            var criterion = Collection.Single(Argument(args[0]), "iif()") is { } c ? SystemValues.Of(c) : null;
            if (criterion is not (null or bool)) throw new FhirPathEvaluationException($"iif() needs a Boolean criterion, not {Operators.Describe(criterion)}");
            if (criterion is true) return Argument(args[1]);
            return args.Length > 2 ? Argument(args[2]) : Collection.Empty;
        }));
        Add(f, "Boolean", ToBoolean);
        Add(f, "Integer", ToInteger);
        Add(f, "Long", v => ToInteger(v) is int i ? (long)i : v is long l ? l : v is string s && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) ? p : null);
        Add(f, "Decimal", ToDecimal);
        Add(f, "String", ToText);
        Add(f, "Date", ToDate);
        Add(f, "DateTime", ToDateTime);
        Add(f, "Time", v => v switch
        {
            FhirPathTime t => t,
            string s when FhirPathTime.TryParse(s, out var t) => t,
            _ => null,
        });
        f.Add(new("toQuantity", 0, 1, (focus, args, scope) => Collection.Of(ToQuantity(focus, args, scope))));
        f.Add(new("convertsToQuantity", 0, 1, (focus, args, scope) =>
            focus.Count == 0 ? Collection.Empty : Collection.Of(ToQuantity(focus, args, scope) is not null)));
    }

    /// <summary>Registers toX() and convertsToX() for one conversion.</summary>
    private static void Add(List<FunctionDefinition> f, string type, Func<object, object?> convert)
    {
        f.Add(new("to" + type, 0, 0, (focus, _, _) =>
            Collection.Single(focus, $"to{type}()") is { } item && SystemValues.Of(item) is { } v ? Collection.Of(convert(v)) : Collection.Empty));
        f.Add(new("convertsTo" + type, 0, 0, (focus, _, _) =>
            Collection.Single(focus, $"convertsTo{type}()") is { } item && SystemValues.Of(item) is { } v ? Collection.Of(convert(v) is not null) : Collection.Empty));
    }

    private static object? ToBoolean(object v) => v switch
    {
        bool b => b,
        int i => i switch { 1 => true, 0 => false, _ => null },
        long l => l switch { 1 => true, 0 => false, _ => null },
        decimal d => d == 1m ? true : d == 0m ? false : null,
        string s => s.ToLowerInvariant() switch
        {
            "true" or "t" or "yes" or "y" or "1" or "1.0" => true,
            "false" or "f" or "no" or "n" or "0" or "0.0" => false,
            _ => null,
        },
        _ => null,
    };

    private static object? ToInteger(object v) => v switch
    {
        int i => i,
        bool b => b ? 1 : 0,
        string s when IntegerText().IsMatch(s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static object? ToDecimal(object v) => v switch
    {
        decimal d => d,
        int i => (decimal)i,
        long l => (decimal)l,
        bool b => b ? 1.0m : 0.0m,
        string s when DecimalText().IsMatch(s) && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>The String form of a System value, as FHIRPath writes it (decimals keep their scale).</summary>
    internal static string? ToText(object v) => v switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f and (int or long or decimal) => f.ToString(null, CultureInfo.InvariantCulture),
        FhirPathDate or FhirPathDateTime or FhirPathTime or FhirPathQuantity => v.ToString(),
        _ => null,
    };

    private static object? ToDate(object v) => v switch
    {
        FhirPathDate d => d,
        FhirPathDateTime dt => FhirPathDate.TryParse(DatePart(dt.ToString()), out var d) ? d : null,
        string s when FhirPathDate.TryParse(s, out var d) => d,
        string s when FhirPathDateTime.TryParse(s, out var dt) => FhirPathDate.TryParse(DatePart(dt!.ToString()), out var d) ? d : null,
        _ => null,
    };

    private static string DatePart(string dateTime) => dateTime.IndexOf('T', StringComparison.Ordinal) is var t and >= 0 ? dateTime[..t] : dateTime;

    private static object? ToDateTime(object v) => v switch
    {
        FhirPathDateTime dt => dt,
        FhirPathDate d => d.ToDateTime(),
        string s when FhirPathDateTime.TryParse(s, out var dt) => dt,
        _ => null,
    };

    private static FhirPathQuantity? ToQuantity(IReadOnlyList<object> focus, Evaluator[] args, EvaluationScope scope)
    {
        var item = Collection.Single(focus, "toQuantity()");
        if (item is null) return null;
        var quantity = SystemValues.Of(item) switch
        {
            FhirPathQuantity q => q,
            int i => new FhirPathQuantity(i, "1"),
            long l => new FhirPathQuantity(l, "1"),
            decimal d => new FhirPathQuantity(d, "1"),
            bool b => new FhirPathQuantity(b ? 1.0m : 0.0m, "1"),
            string s when FhirPathQuantity.TryParse(s, out var q) => q,
            _ => null,
        };
        if (quantity is null || args.Length == 0) return quantity;
        return Arguments.String(args[0], scope, "toQuantity()") is { } unit ? quantity.ConvertTo(unit) : null;
    }

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?$")]
    private static partial Regex DecimalText();
}
