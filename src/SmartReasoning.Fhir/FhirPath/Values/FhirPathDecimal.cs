using System.Numerics;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// What FHIRPath 3.0 (STU) asks of a System.Decimal beyond arithmetic: its precision() and its lowBoundary() and
/// highBoundary(). A decimal stands for every value that rounds to it, half a unit of its last digit either
/// side: 1.587 is anything from 1.5865 to 1.5875.
/// </summary>
public static class FhirPathDecimal
{
    /// <summary>The most digits after the point a boundary can have here: the largest scale a decimal holds.</summary>
    public const int MaxPrecision = 28;

    /// <summary>The precision of a boundary when none is asked for, unless the value needs more to be exact.</summary>
    public const int DefaultBoundaryPrecision = 8;

    private static readonly BigInteger MaxMantissa = (BigInteger.One << 96) - 1;

    /// <summary>precision(): the number of digits after the point as written (1.58700 is 5, 1 is 0).</summary>
    public static int Precision(decimal value) => value.Scale;

    /// <summary>
    /// lowBoundary(): the least value <paramref name="value"/> can stand for, written to
    /// <paramref name="precision"/> digits after the point (1.587 gives 1.58650000, and 1.586500 to 6 digits).
    /// Null when the precision is negative, above <see cref="MaxPrecision"/>, or the result does not fit a
    /// decimal at that precision. See <see cref="HighBoundary"/> for the default precision and the rounding.
    /// </summary>
    public static decimal? LowBoundary(decimal value, int? precision = null) => Boundary(value, precision, high: false);

    /// <summary>
    /// highBoundary(): the greatest value <paramref name="value"/> can stand for, to <paramref name="precision"/>
    /// digits (1.587 gives 1.58750000). Without a precision, <see cref="DefaultBoundaryPrecision"/> digits, or
    /// more when the exact boundary needs them (at most <see cref="MaxPrecision"/>).
    /// </summary>
    /// <remarks>
    /// Negative values mirror positive ones: (-x).lowBoundary() is -(x.highBoundary()), so only magnitudes are
    /// rounded. When fewer digits than the exact boundary has are asked for, the boundary nearer zero is cut
    /// (1.5865 to 1.58) and the one further from zero is rounded half up (1.5875 to 1.59, 0.00345 to 0.0), as the
    /// official R4 suite has it (LowBoundary and HighBoundary groups). Zero's boundaries are -0.5 and 0.5 of its
    /// last digit. A zero result is a plain zero, never a negative zero.
    /// </remarks>
    public static decimal? HighBoundary(decimal value, int? precision = null) => Boundary(value, precision, high: true);

    private static decimal? Boundary(decimal value, int? precision, bool high)
    {
        var digits = precision ?? Math.Min(MaxPrecision, Math.Max(DefaultBoundaryPrecision, value.Scale + 1));
        if (digits is < 0 or > MaxPrecision) return null;

        var negative = value < 0;
        // The magnitude's boundary toward zero is the low one of a positive value and the high one of a negative.
        var towardZero = value != 0 && high == negative;
        // The exact boundary has one digit more than the value: 1.587 -> 1.5865 or 1.5875, i.e. 10m -/+ 5.
        var exact = (Mantissa(value) * 10) + (towardZero ? -5 : 5);
        var shift = digits - (value.Scale + 1);
        BigInteger result;
        if (shift >= 0)
        {
            result = exact * BigInteger.Pow(10, shift);
        }
        else
        {
            var divisor = BigInteger.Pow(10, -shift);
            result = towardZero ? exact / divisor : (exact + (divisor / 2)) / divisor;
        }

        var resultNegative = negative || (value == 0 && !high);
        return result > MaxMantissa ? null : Make(result, digits, resultNegative);
    }

    // The digits of the magnitude without the point: 1.587 -> 1587.
    private static BigInteger Mantissa(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
    }

    private static decimal Make(BigInteger mantissa, int scale, bool negative)
    {
        var lo = (int)(uint)(mantissa & uint.MaxValue);
        var mid = (int)(uint)((mantissa >> 32) & uint.MaxValue);
        var hi = (int)(uint)(mantissa >> 64);
        return new decimal(lo, mid, hi, negative && !mantissa.IsZero, (byte)scale);
    }
}
