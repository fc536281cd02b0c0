namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Estimated GFR from serum creatinine, so that creatinine and eGFR in one panel agree as a lab's would:
/// CKD-EPI 2021 (race-free) for LOINC 62238-1 and the four-variable MDRD for the older 33914-3.
/// </summary>
internal static class Renal
{
    /// <summary>The date labs in the sandbox switched from MDRD to CKD-EPI reporting.</summary>
    public static readonly DateOnly CkdEpiSince = new(2015, 1, 1);

    public static double CkdEpi2021(double creatinine, double age, bool female)
    {
        var kappa = female ? 0.7 : 0.9;
        var alpha = female ? -0.241 : -0.302;
        var ratio = creatinine / kappa;
        var egfr = 142 * Math.Pow(Math.Min(ratio, 1), alpha) * Math.Pow(Math.Max(ratio, 1), -1.200) * Math.Pow(0.9938, age);
        return female ? egfr * 1.012 : egfr;
    }

    public static double Mdrd(double creatinine, double age, bool female)
    {
        var egfr = 175 * Math.Pow(creatinine, -1.154) * Math.Pow(age, -0.203);
        return female ? egfr * 0.742 : egfr;
    }

    /// <summary>The creatinine that gives a target CKD-EPI 2021 eGFR (inverting the branch above κ).</summary>
    public static double CreatinineFor(double egfr, double age, bool female)
    {
        var kappa = female ? 0.7 : 0.9;
        var scale = 142 * Math.Pow(0.9938, age) * (female ? 1.012 : 1);
        var ratio = Math.Pow(egfr / scale, -1 / 1.200);
        return Math.Max(ratio, 1) * kappa;
    }
}
