using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Tests.Deidentify.Fixtures;

namespace SmartReasoning.Tests.Deidentify;

public class AnonymizationPolicyTests
{
    private const string PolicyJson = """
        {
          "fhirVersion": "R4",
          // rules apply in order: the first that selects a value or a node above it wins
          "fhirPathRules": [
            { "path": "Patient.address.state", "method": "keep" },
            { "path": "Patient.address.postalCode", "method": "generalize" },
            { "path": "Patient.address", "method": "redact" },
            { "path": "Patient.name", "method": "substitute", "replaceWith": { "family": "Doe", "given": [ "Jane" ] } },
            { "path": "Patient.identifier.value", "method": "cryptoHash" },
            { "path": "Patient.telecom.value", "method": "substitute", "replaceWith": "000-000-0000" },
            { "path": "Patient.birthDate", "method": "generalize" },
            { "path": "Observation.component.where(code.coding.code = '8480-6').value", "method": "redact" },
            { "path": "nodesByType('dateTime')", "method": "dateShift" },
            { "path": "Resource.id", "method": "cryptoHash" },
            { "path": "nodesByType('Reference').reference", "method": "cryptoHash" }
          ],
          "parameters": { "dateShiftKey": "policy-date-key", "cryptoHashKey": "policy-hash-key", "enablePartialAgesForRedact": false }
        }
        """;

    private static DeidentifiedRecord Apply(string json = PolicyJson, params Resource[] resources) =>
        Deidentifier(AnonymizationPolicy.Parse(json)).Deidentify(resources.Length == 0 ? [Patient(), Observation()] : resources);

    [Fact]
    public void A_policy_in_the_anonymizer_json_shape_is_loaded_with_its_rules_in_order_and_parameters()
    {
        var policy = AnonymizationPolicy.Parse(PolicyJson);
        Assert.Equal(11, policy.Rules.Count);
        Assert.Equal(new AnonymizationRule("Patient.address.state", AnonymizationMethod.Keep), policy.Rules[0]);
        Assert.Equal(AnonymizationMethod.Substitute, policy.Rules[3].Method);
        Assert.Equal(("policy-date-key", "policy-hash-key", false), (policy.DateShiftKey, policy.CryptoHashKey, policy.GroupAgesOver89));
    }

    [Fact]
    public void A_policy_file_is_loaded_from_disk()
    {
        var file = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, PolicyJson);
        try { Assert.Equal(11, AnonymizationPolicy.Load(file).Rules.Count); }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Keep_survives_a_later_redact_of_the_node_above_and_generalize_keeps_three_postal_digits()
    {
        var address = Assert.Single(((Patient)Apply().Resources[0]).Address);
        Assert.Equal("MA", address.State?.Value);
        Assert.Equal("011", address.PostalCode?.Value);
        Assert.Null(address.City);
        Assert.Empty(address.Line);
        Assert.Null(address.Country);
    }

    [Fact]
    public void Substitute_replaces_a_complex_node_with_json_and_a_primitive_with_text()
    {
        var patient = (Patient)Apply().Resources[0];
        var name = Assert.Single(patient.Name);
        Assert.Equal(("Doe", "Jane"), (name.Family?.Value, Assert.Single(name.Given).Value));
        Assert.All(patient.Telecom, t => Assert.Equal("000-000-0000", t.Value?.Value));
    }

    [Fact]
    public void CryptoHash_replaces_a_value_by_its_keyed_hash_stable_under_the_same_key()
    {
        var hashed = ((Patient)Apply().Resources[0]).Identifier.Select(i => i.Value?.Value).ToList();
        Assert.All(hashed, h => Assert.Matches("^[0-9a-f]{64}$", h!));
        Assert.DoesNotContain("4471923", hashed);
        Assert.Equal(hashed, ((Patient)Apply().Resources[0]).Identifier.Select(i => i.Value?.Value));
        // The policy's own key decides, not the process secret.
        var otherSecret = Deidentifier(AnonymizationPolicy.Parse(PolicyJson), [.. Enumerable.Repeat((byte)7, 32)]).Deidentify([Patient()]);
        Assert.Equal(hashed, ((Patient)otherSecret.Resources[0]).Identifier.Select(i => i.Value?.Value));
    }

    [Fact]
    public void Generalize_turns_a_date_into_its_year()
    {
        Assert.Equal("1961", ((Patient)Apply().Resources[0]).BirthDate?.Value);
    }

    [Fact]
    public void A_fhirpath_expression_rule_selects_exactly_the_nodes_it_evaluates_to()
    {
        var observation = (Observation)Apply().Resources[1];
        Assert.Null(observation.Component[0].Value);
        Assert.IsType<Quantity>(observation.Component[1].Value);
    }

    [Fact]
    public void Values_no_rule_selects_are_kept()
    {
        var (patient, observation) = (Apply().Resources[0], (Observation)Apply().Resources[1]);
        Assert.NotNull(((Patient)patient).Text);
        Assert.Equal("Harriet Quimby", observation.Subject?.Display?.Value);
        Assert.Equal("Nurse Kim", Assert.IsType<FhirString>(Assert.Single(observation.Note).Author).Value);
    }

    [Fact]
    public void Partial_dates_and_zip_codes_for_redact_keep_the_year_and_three_digits()
    {
        const string json = """
            { "fhirPathRules": [ { "path": "Patient.birthDate", "method": "redact" }, { "path": "nodesByType('Address').postalCode", "method": "redact" } ],
              "parameters": { "enablePartialDatesForRedact": true, "enablePartialZipCodesForRedact": true } }
            """;
        var patient = (Patient)Apply(json, Patient()).Resources[0];
        Assert.Equal(("1961", "011"), (patient.BirthDate?.Value, patient.Address[0].PostalCode?.Value));
    }

    [Theory]
    [InlineData("""{ "rules": [] }""", "fhirPathRules")]
    [InlineData("""{ "fhirPathRules": [ { "path": "Patient.name", "method": "encrypt" } ] }""", "encrypt")]
    [InlineData("""{ "fhirPathRules": [ { "path": "Patient.name" } ] }""", "method")]
    [InlineData("""{ "fhirPathRules": [ { "path": "Patient.name", "method": "substitute" } ] }""", "replaceWith")]
    [InlineData("""{ "fhirPathRules": [ { "path": "Patient.name.where(", "method": "redact" } ] }""", "Patient.name.where(")]
    [InlineData("""{ "fhirPathRules": [ { "path": "Patient.birthDate", "method": "generalize", "cases": { "$this < @1990": "@1990" } } ] }""", "cases")]
    [InlineData("""not json""", "JSON")]
    public void A_policy_that_cannot_be_applied_is_refused_saying_why(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AnonymizationPolicy.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

public class SafeHarborPolicyFileTests
{
    [Fact]
    public void The_safe_harbor_policy_file_says_exactly_what_the_built_in_policy_does()
    {
        var file = Path.Combine(TestPaths.RepositoryRoot, "src", "SmartReasoning", "Deidentify", "safe-harbor.policy.json");
        var loaded = AnonymizationPolicy.Load(file);
        Assert.Equal(AnonymizationPolicy.SafeHarbor.Rules, loaded.Rules);
        Assert.Equal((null, null, true), (loaded.DateShiftKey, loaded.CryptoHashKey, loaded.GroupAgesOver89));
    }
}
