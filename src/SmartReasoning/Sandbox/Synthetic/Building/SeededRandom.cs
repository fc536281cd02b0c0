namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// A small deterministic generator (SplitMix64): the same seed gives the same sequence on every runtime and
/// platform, unlike <see cref="Random"/>, whose algorithm is an implementation detail. Integer arithmetic only,
/// except where a caller asks for doubles; normal deviates use a sum of uniforms, not logarithms.
/// </summary>
internal sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The SplitMix64 finaliser: a bijective scramble of 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [min, max).</summary>
    public int Next(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive) return minInclusive;
        return minInclusive + (int)(NextUInt64() % (ulong)(maxExclusive - minInclusive));
    }

    /// <summary>A double in [min, max).</summary>
    public double Between(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>An approximately normal deviate (Irwin–Hall, four uniforms), bounded to ±3.5 sd.</summary>
    public double Normal(double mean, double sd)
    {
        var sum = NextDouble() + NextDouble() + NextDouble() + NextDouble();
        return mean + (sum - 2.0) * 1.7320508075688772 * sd;
    }

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];
}
