using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>Every example of hl7.fhir.r4.examples@4.0.1 and every shared patient Bundle validates against base R4.</summary>
public class CorpusValidationTests
{
    /// <summary>Examples the published package gets wrong, and what is wrong with each (checked by hand).</summary>
    public static readonly Dictionary<string, string> KnownInvalidExamples = new(StringComparer.Ordinal)
    {
        ["Questionnaire-qs1.json"] = "32 nested items have no linkId (Questionnaire.item.linkId is 1..1)",
        ["SearchParameter-codesystem-extensions-CodeSystem-author.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-codesystem-extensions-CodeSystem-effective.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-codesystem-extensions-CodeSystem-end.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-codesystem-extensions-CodeSystem-keyword.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-codesystem-extensions-CodeSystem-workflow.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-valueset-extensions-ValueSet-author.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-valueset-extensions-ValueSet-effective.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-valueset-extensions-ValueSet-end.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-valueset-extensions-ValueSet-keyword.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-valueset-extensions-ValueSet-workflow.json"] = "no base (SearchParameter.base is 1..*)",
        ["SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json"] = "no base, and an id of 67 characters (at most 64)",
        ["StructureDefinition-Definition.json"] = "a logical model, not abstract, without baseDefinition (sdf-4)",
        ["StructureDefinition-Event.json"] = "a logical model, not abstract, without baseDefinition (sdf-4)",
        ["StructureDefinition-FiveWs.json"] = "a logical model, not abstract, without baseDefinition (sdf-4)",
        ["StructureDefinition-Request.json"] = "a logical model, not abstract, without baseDefinition (sdf-4)",
        ["ImplementationGuide-fhir.json"] = "no name and no status (both 1..1)",
        ["Questionnaire-bb.json"] = "an enableWhen with operator 'exists' and a non-boolean answer (que-7)",
        ["Bundle-father.json"] = "a document whose MedicationRequest.requester Practitioner/example is not in the document",
        ["Bundle-dataelements.json"] = "two entries with the same fullUrl (bdl-7)",
        ["Bundle-valueset-expansions.json"] = "an expansion parameter 'urn:oid:...|4.0.1' that is not a valid OID",
        ["Library-zika-virus-intervention-logic.json"] = "placeholder value sets 'urn:oid:X.Y.Z', not valid OIDs",
        ["Observation-clinical-gender.json"] = "performer references an Encounter (not allowed for Observation.performer)",
        ["DeviceUseStatement-example.json"] = "reasonReference to a Procedure (not allowed)",
        ["MedicationRequest-medrx0301.json"] = "dispenseRequest.performer references a Practitioner (only Organization is allowed)",
        ["DeviceMetric-example.json"] = "parent references a DeviceDefinition (only Device is allowed)",
        ["Patient-dicom.json"] = "DICOM extensions (nema.org) with no definition",
        ["Media-1.2.840.11361907579238403408700.3.1.04.19970327150033.json"] = "a DICOM extension (nema.org) with no definition",
    };

    [Fact]
    public void Every_example_validates_against_its_base_except_the_known_invalid_ones()
    {
        var package = TestData.RequireExamplesPackage();
        var validator = new FhirValidator(ConformanceResources.Core(package));
        var unexpected = new List<string>();
        var stillInvalid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in FhirRoundTrip.FindJsonFiles(package))
        {
            var name = Path.GetFileName(file);
            if (name is "package.json" or "ig-r4.json") continue;
            var result = validator.Validate(File.ReadAllBytes(file));
            if (result.IsValid) continue;
            if (KnownInvalidExamples.ContainsKey(name)) stillInvalid.Add(name);
            else unexpected.Add($"{name}: {string.Join("; ", result.Errors.Take(3))}");
        }
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} examples have errors:\n" + string.Join("\n", unexpected.Take(20)));
        Assert.Equal(KnownInvalidExamples.Keys.Order(), stillInvalid.Order());
    }

    /// <summary>Synthea writes its own extensions (QALY, DALY...) whose definitions are not published in a package.</summary>
    private static readonly ValidationOptions SyntheaOptions = new() { AllowedExtensionDomains = ["http://synthetichealth.github.io/synthea/"] };

    /// <summary>Errors the shared data really has, by file and location prefix.</summary>
    private static readonly Dictionary<string, string> KnownSharedErrors = new(StringComparer.Ordinal)
    {
        ["'vital-sign'"] = "two Observations of one patient use category 'vital-sign', a code observation-category does not have (vital-signs)",
    };

    [Fact]
    public void Every_shared_patient_bundle_validates_against_base_R4()
    {
        var patients = TestData.RequireSharedPatients();
        var validator = new FhirValidator(ValidatorTestKit.Core, SyntheaOptions);
        var errors = new List<string>();
        foreach (var file in Directory.EnumerateFiles(patients, "*.json"))
        {
            var result = validator.Validate(File.ReadAllBytes(file));
            errors.AddRange(result.Errors.Where(e => !KnownSharedErrors.Keys.Any(k => e.Text.Contains(k, StringComparison.Ordinal)))
                .Select(e => $"{Path.GetFileName(file)}: {e}"));
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }
}
