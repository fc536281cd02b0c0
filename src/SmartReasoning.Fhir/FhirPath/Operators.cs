using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The semantics of FHIRPath's operators on single values: equality (<c>=</c>), equivalence (<c>~</c>),
/// ordering, and arithmetic. A null result means empty: the answer is unknown (e.g. dates of different precision).
/// </summary>
internal static class Operators
{
    /// <summary><c>=</c> on two items: null when it cannot be told.</summary>
    public static bool? Equal(object left, object right)
    {
        if (left is Base l && right is Base r && l is not PrimitiveType && r is not PrimitiveType && !IsQuantity(l) && !IsQuantity(r))
            return DeepEqual(l, r, equivalent: false);
        var a = SystemValues.Of(left);
        var b = SystemValues.Of(right);
        if (a is null || b is null) return null;
        return (a, b) switch
        {
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (bool x, bool y) => x == y,
            _ when IsNumber(a) && IsNumber(b) => ToDecimal(a) == ToDecimal(b),
            (FhirPathDate x, FhirPathDate y) => FhirPathTemporal.Equal(x, y),
            (FhirPathDateTime or FhirPathDate, FhirPathDateTime or FhirPathDate) => FhirPathTemporal.Equal(AsDateTime(a), AsDateTime(b)),
            (FhirPathTime x, FhirPathTime y) => FhirPathTemporal.Equal(x, y),
            (FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Equal(x, y),
            _ => false,
        };
    }

    /// <summary><c>~</c> on two items: never empty.</summary>
    public static bool Equivalent(object left, object right)
    {
        if (left is Base l && right is Base r && l is not PrimitiveType && r is not PrimitiveType && !IsQuantity(l) && !IsQuantity(r))
            return DeepEqual(l, r, equivalent: true) == true;
        var a = SystemValues.Of(left);
        var b = SystemValues.Of(right);
        if (a is null || b is null) return a is null && b is null;
        return (a, b) switch
        {
            (string x, string y) => string.Equals(NormalizeWhitespace(x), NormalizeWhitespace(y), StringComparison.OrdinalIgnoreCase),
            (bool x, bool y) => x == y,
            _ when IsNumber(a) && IsNumber(b) => DecimalEquivalent(ToDecimal(a), ToDecimal(b)),
            (FhirPathDate x, FhirPathDate y) => FhirPathTemporal.Equivalent(x, y),
            (FhirPathDateTime or FhirPathDate, FhirPathDateTime or FhirPathDate) => FhirPathTemporal.Equivalent(AsDateTime(a), AsDateTime(b)),
            (FhirPathTime x, FhirPathTime y) => FhirPathTemporal.Equivalent(x, y),
            (FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Equivalent(x, y),
            _ => false,
        };
    }

    /// <summary>Orders two items: negative, zero, positive, or null when they cannot be ordered (empty).</summary>
    /// <exception cref="FhirPathEvaluationException">The types cannot be compared at all.</exception>
    public static int? Compare(object left, object right)
    {
        var a = SystemValues.Of(left);
        var b = SystemValues.Of(right);
        if (a is null || b is null) return null;
        return (a, b) switch
        {
            (string x, string y) => Math.Sign(string.CompareOrdinal(x, y)),
            _ when IsNumber(a) && IsNumber(b) => ToDecimal(a).CompareTo(ToDecimal(b)),
            (FhirPathDate x, FhirPathDate y) => FhirPathTemporal.Compare(x, y),
            (FhirPathDateTime or FhirPathDate, FhirPathDateTime or FhirPathDate) => FhirPathTemporal.Compare(AsDateTime(a), AsDateTime(b)),
            (FhirPathTime x, FhirPathTime y) => FhirPathTemporal.Compare(x, y),
            (FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Compare(x, y),
            _ => throw new FhirPathEvaluationException($"cannot compare {Describe(a)} with {Describe(b)}"),
        };
    }

    /// <summary>Binary arithmetic: + - * / div mod on numbers, quantities, dates and (for +) strings. Null means empty.</summary>
    public static object? Arithmetic(string op, object left, object right)
    {
        var a = SystemValues.Of(left);
        var b = SystemValues.Of(right);
        if (a is null || b is null) return null;
        try
        {
            return (op, a, b) switch
            {
                ("+", string x, string y) => x + y,
                (_, int or long, int or long) => IntegerArithmetic(op, Convert.ToInt64(a, CultureInfo.InvariantCulture), Convert.ToInt64(b, CultureInfo.InvariantCulture), asInteger: a is int && b is int),
                _ when IsNumber(a) && IsNumber(b) => DecimalArithmetic(op, ToDecimal(a), ToDecimal(b)),
                ("+", FhirPathDate x, FhirPathQuantity q) => x.Add(q),
                ("-", FhirPathDate x, FhirPathQuantity q) => x.Subtract(q),
                ("+", FhirPathDateTime x, FhirPathQuantity q) => x.Add(q),
                ("-", FhirPathDateTime x, FhirPathQuantity q) => x.Subtract(q),
                ("+", FhirPathTime x, FhirPathQuantity q) => x.Add(q),
                ("-", FhirPathTime x, FhirPathQuantity q) => x.Subtract(q),
                ("+", FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Add(x, y),
                ("-", FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Subtract(x, y),
                ("*", FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Multiply(x, y),
                ("/", FhirPathQuantity x, FhirPathQuantity y) => FhirPathQuantityMath.Divide(x, y),
                ("*", FhirPathQuantity x, _) when IsNumber(b) => FhirPathQuantityMath.Multiply(x, new FhirPathQuantity(ToDecimal(b), "1")),
                ("*", _, FhirPathQuantity y) when IsNumber(a) => FhirPathQuantityMath.Multiply(new FhirPathQuantity(ToDecimal(a), "1"), y),
                ("/", FhirPathQuantity x, _) when IsNumber(b) => FhirPathQuantityMath.Divide(x, new FhirPathQuantity(ToDecimal(b), "1")),
                _ => throw new FhirPathEvaluationException($"operator {op} cannot take {Describe(a)} and {Describe(b)}"),
            };
        }
        catch (OverflowException)
        {
            return null; // FHIRPath: an arithmetic result out of range is empty
        }
        catch (FhirPathValueException ex)
        {
            throw new FhirPathEvaluationException(ex.Message, ex);
        }
    }

    /// <summary>Integer and Long arithmetic, done in 64 bits; an Integer result that does not fit 32 bits overflows (empty).</summary>
    private static object? IntegerArithmetic(string op, long x, long y, bool asInteger)
    {
        object? result = op switch
        {
            "+" => checked(x + y),
            "-" => checked(x - y),
            "*" => checked(x * y),
            "/" => y == 0 ? null : (decimal)x / y,
            "div" => y == 0 ? null : x / y,
            "mod" => y == 0 ? null : x % y,
            _ => throw new FhirPathEvaluationException($"unknown operator {op}"),
        };
        return asInteger && result is long l ? checked((int)l) : result;
    }

    private static object? DecimalArithmetic(string op, decimal x, decimal y) => op switch
    {
        "+" => x + y,
        "-" => x - y,
        "*" => x * y,
        "/" => y == 0 ? null : x / y,
        "div" => y == 0 ? null : decimal.Truncate(x / y),
        "mod" => y == 0 ? null : x % y,
        _ => throw new FhirPathEvaluationException($"unknown operator {op}"),
    };

    public static bool IsNumber(object? v) => v is int or long or decimal;

    public static decimal ToDecimal(object v) => v switch
    {
        int i => i,
        long l => l,
        decimal d => d,
        _ => throw new FhirPathEvaluationException($"{Describe(v)} is not a number"),
    };

    private static FhirPathDateTime AsDateTime(object v) => v is FhirPathDate d ? d.ToDateTime() : (FhirPathDateTime)v;

    private static bool IsQuantity(Base b) => b is Quantity;

    /// <summary>Decimal equivalence: equal when rounded to the precision of the less precise operand.</summary>
    private static bool DecimalEquivalent(decimal x, decimal y)
    {
        var scale = Math.Min(x.Scale, y.Scale);
        return Math.Round(x, scale, MidpointRounding.AwayFromZero) == Math.Round(y, scale, MidpointRounding.AwayFromZero);
    }

    private static string NormalizeWhitespace(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Complex values are equal when all their child elements are, in order.</summary>
    private static bool? DeepEqual(Base l, Base r, bool equivalent)
    {
        if (!ReferenceEquals(l.TypeInfo, r.TypeInfo)) return false;
        var left = new List<object>();
        var right = new List<object>();
        foreach (var element in l.TypeInfo.Elements)
        {
            if (equivalent && element.Name == "id") continue; // ids do not change what a value means
            left.Clear();
            right.Clear();
            Navigation.Children(l, element, left);
            Navigation.Children(r, element, right);
            if (left.Count != right.Count) return false;
            for (var i = 0; i < left.Count; i++)
            {
                var same = equivalent ? Equivalent(left[i], right[i]) : Equal(left[i], right[i]);
                if (same != true) return same;
            }
        }
        return true;
    }

    public static string Describe(object? v) => v switch
    {
        null => "empty",
        string s => $"the String '{s}'",
        Base b => $"a {SystemValues.FhirTypeName(b)}",
        _ => $"the {SystemValues.SystemTypeName(v)} {Format(v)}",
    };

    public static string Format(object v) => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v.ToString() ?? "";
}
