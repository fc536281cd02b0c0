using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Benchmarks;

/// <summary>A sandbox store holding one synthetic patient padded with lab Observations up to a size (the 5,000-resource goals).</summary>
internal static class LargePatient
{
    public static (FhirResourceStore Store, string PatientId, int Generated, int Padding) Load(int resources)
    {
        var store = new FhirResourceStore();
        var bundle = SyntheticCohort.Generate()[0];
        new BundleLoader(store).Load("synthetic", bundle);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single().Id!;
        var parser = new FhirJsonParser();
        var padding = Math.Max(0, resources - bundle.Entry.Count);
        for (var i = 0; i < padding; i++)
            store.Write(parser.Parse(PaddingObservation(i, patient)).Value!);
        return (store, patient, bundle.Entry.Count, padding);
    }

    private static string PaddingObservation(int i, string patient) =>
        "{\"resourceType\":\"Observation\",\"id\":\"pad-" + i + "\",\"status\":\"final\","
        + "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2345-7\",\"display\":\"Glucose\"}]},"
        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"effectiveDateTime\":\"" + new DateTime(2006, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\","
        + "\"valueQuantity\":{\"value\":" + (90 + i % 40) + ",\"unit\":\"mg/dL\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/dL\"}}";
}
