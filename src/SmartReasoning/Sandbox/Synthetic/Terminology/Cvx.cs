namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>A CVX-coded vaccine and its usual dose in mL.</summary>
internal sealed record Vaccine(string Code, string Display, decimal DoseMl = 0.5m);

/// <summary>The vaccine catalogue (CDC CVX).</summary>
internal static class Cvx
{
    public static readonly Vaccine InfluenzaTrivalentPf = new("140", "Influenza, seasonal, injectable, preservative free");
    public static readonly Vaccine InfluenzaQuadrivalentPf = new("150", "Influenza, injectable, quadrivalent, preservative free");
    public static readonly Vaccine InfluenzaHighDose = new("135", "Influenza, high dose seasonal");
    public static readonly Vaccine InfluenzaHighDoseQuadrivalent = new("197", "influenza, high-dose seasonal, quadrivalent, 0.7mL dose, preservative free", 0.7m);
    public static readonly Vaccine Tdap = new("115", "Tdap");
    public static readonly Vaccine Td = new("113", "Td (adult) preservative free");
    public static readonly Vaccine Pcv13 = new("133", "Pneumococcal conjugate PCV 13");
    public static readonly Vaccine Ppsv23 = new("33", "pneumococcal polysaccharide PPV23");
    public static readonly Vaccine Pcv20 = new("216", "Pneumococcal conjugate PCV20");
    public static readonly Vaccine ZosterRecombinant = new("187", "zoster recombinant");
    public static readonly Vaccine CovidPfizer = new("208", "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose", 0.3m);
    public static readonly Vaccine HepatitisBAdult = new("43", "Hep B, adult", 1.0m);
    public static readonly Vaccine Dtap = new("20", "DTaP");
    public static readonly Vaccine Ipv = new("10", "IPV");
    public static readonly Vaccine Mmr = new("03", "MMR");
    public static readonly Vaccine Varicella = new("21", "varicella");
    public static readonly Vaccine HepatitisAPediatric = new("83", "Hep A, ped/adol, 2 dose");
    public static readonly Vaccine Hpv9 = new("165", "HPV9");
    public static readonly Vaccine MeningococcalMcv4 = new("114", "meningococcal MCV4P");

    /// <summary>The seasonal influenza vaccine a clinic would give in the season starting that year.</summary>
    public static Vaccine InfluenzaFor(int seasonYear, bool age65OrOlder) => age65OrOlder
        ? seasonYear >= 2020 ? InfluenzaHighDoseQuadrivalent : InfluenzaHighDose
        : seasonYear >= 2013 ? InfluenzaQuadrivalentPf : InfluenzaTrivalentPf;
}
