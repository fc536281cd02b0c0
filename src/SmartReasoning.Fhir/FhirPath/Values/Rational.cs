using System.Globalization;
using System.Numerics;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// An exact fraction. Unit conversion factors such as 1/12 of 365.25 days or a US teaspoon (1/768 gallon) are
/// not finite decimals; multiplying them as decimals would make 6 [tsp_us] differ from 1 [foz_us] in the last
/// digit and break equality. Factors and comparisons stay exact; only results become decimals.
/// </summary>
internal sealed class Rational
{
    private static readonly BigInteger MaxMantissa = (BigInteger.One << 96) - 1;

    public static readonly Rational One = new(BigInteger.One, BigInteger.One);

    private Rational(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    /// <summary>Always positive; the fraction is kept in lowest terms.</summary>
    public BigInteger Denominator { get; }

    public int Sign => Numerator.Sign;

    public static Rational Create(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException();
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return gcd.IsOne || gcd.IsZero ? new Rational(numerator, denominator) : new Rational(numerator / gcd, denominator / gcd);
    }

    public static Rational FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (bits[3] < 0) mantissa = -mantissa;
        return Create(mantissa, BigInteger.Pow(10, value.Scale));
    }

    /// <summary>Reads "n", "n.nnn" or "n/d" (the forms the unit table is written in).</summary>
    public static Rational Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) return Create(BigInteger.Parse(text[..slash], CultureInfo.InvariantCulture), BigInteger.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture));
        return FromDecimal(decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
    }

    public static Rational operator *(Rational a, Rational b) => Create(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) => Create(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static Rational Multiply(Rational a, Rational b) => a * b;

    public static Rational Divide(Rational a, Rational b) => a / b;

    public Rational Pow(int exponent)
    {
        if (exponent == 0) return One;
        var n = BigInteger.Pow(Numerator, Math.Abs(exponent));
        var d = BigInteger.Pow(Denominator, Math.Abs(exponent));
        return exponent > 0 ? Create(n, d) : Create(d, n);
    }

    /// <summary>The nearest integer, halves rounded away from zero (as decimal equivalence rounds).</summary>
    public BigInteger RoundToInteger()
    {
        var quotient = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= Denominator) quotient += Numerator.Sign;
        return quotient;
    }

    public static int Compare(Rational a, Rational b) => (a.Numerator * b.Denominator).CompareTo(b.Numerator * a.Denominator);

    /// <summary>
    /// The decimal with the fewest digits that is exactly this value, or, when none is exact, this value rounded
    /// to as many digits as decimal holds. Throws <see cref="OverflowException"/> beyond decimal's range, which
    /// the engine reports as empty as FHIRPath asks for arithmetic overflow.
    /// </summary>
    public decimal ToDecimal()
    {
        var negative = Numerator.Sign < 0;
        var numerator = BigInteger.Abs(Numerator);
        var power = BigInteger.One;
        (BigInteger Mantissa, int Scale)? closest = null;
        for (var scale = 0; scale <= 28; scale++, power *= 10)
        {
            var quotient = BigInteger.DivRem(numerator * power, Denominator, out var remainder);
            if (quotient > MaxMantissa) break;
            if (remainder.IsZero) return Make(quotient, scale, negative);
            // Round half away from zero; a rounded mantissa may just overflow, in which case the previous scale stands.
            var rounded = remainder * 2 >= Denominator ? quotient + 1 : quotient;
            if (rounded > MaxMantissa) break;
            closest = (rounded, scale);
        }

        return closest is { } c ? Make(c.Mantissa, c.Scale, negative) : throw new OverflowException("The value is outside the range of a decimal.");
    }

    private static decimal Make(BigInteger mantissa, int scale, bool negative)
    {
        Span<byte> bytes = stackalloc byte[12];
        bytes.Clear();
        mantissa.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        var lo = BitConverter.ToInt32(bytes[..4]);
        var mid = BitConverter.ToInt32(bytes[4..8]);
        var hi = BitConverter.ToInt32(bytes[8..12]);
        return new decimal(lo, mid, hi, negative && !mantissa.IsZero, (byte)scale);
    }

    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
