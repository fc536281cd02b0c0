using System.Security.Cryptography;

namespace SmartReasoning.Deidentify;

/// <summary>Configuration of the de-identification stage.</summary>
public sealed class DeidentifyOptions
{
    // One secret per process when none is configured: hashes and offsets are stable within a run and mean nothing outside it.
    private static readonly byte[] s_processSecret = RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// The secret behind date offsets and keyed hashes (at least 16 bytes). Null: a random secret generated once per process.
    /// Never logged.
    /// </summary>
    public byte[]? Secret { get; init; }

    /// <summary>The rules; HIPAA Safe Harbor unless configured.</summary>
    public AnonymizationPolicy Policy { get; init; } = AnonymizationPolicy.SafeHarbor;

    /// <summary>The day ages are measured at for grouping over 89; null: today (UTC).</summary>
    public DateOnly? Today { get; init; }

    internal byte[] EffectiveSecret
    {
        get
        {
            if (Secret is null) return s_processSecret;
            if (Secret.Length < 16) throw new InvalidOperationException("The de-identification secret must be at least 16 bytes.");
            return Secret;
        }
    }

    public override string ToString() => "DeidentifyOptions { Secret = (hidden) }";
}
