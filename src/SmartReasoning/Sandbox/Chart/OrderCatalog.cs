using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>A drug the order form offers: its RxNorm code, what the list shows, and the usual sig to prefill.</summary>
internal sealed record OrderableDrug(string Name, string RxNormCode, string Display, string Sig);

/// <summary>The short list of common drugs the chart page can order (RxNorm clinical drugs of the synthetic cohort).</summary>
internal static class OrderCatalog
{
    public static IReadOnlyList<OrderableDrug> Drugs { get; } =
    [
        Of("metformin", RxNorm.Metformin),
        Of("warfarin", RxNorm.Warfarin),
        Of("apixaban", RxNorm.Apixaban),
        Of("ibuprofen", RxNorm.Ibuprofen),
        Of("acetaminophen", RxNorm.Acetaminophen),
        Of("aspirin", RxNorm.Aspirin),
        Of("lisinopril", RxNorm.Lisinopril10),
        Of("amlodipine", RxNorm.Amlodipine),
        Of("spironolactone", RxNorm.Spironolactone),
        Of("atorvastatin", RxNorm.Atorvastatin),
        Of("amoxicillin", RxNorm.Amoxicillin),
        Of("azithromycin", RxNorm.Azithromycin),
    ];

    public static OrderableDrug? Find(string? rxNormCode) => Drugs.FirstOrDefault(d => d.RxNormCode == rxNormCode);

    private static OrderableDrug Of(string name, Drug drug) => new(name, drug.Code, drug.Display, drug.Sig);
}
