using System.Globalization;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Tests.Deidentify.Fixtures;

namespace SmartReasoning.Tests.Deidentify;

public class DeidentifierTests
{
    private static (Patient Patient, Observation Observation, Condition Condition, DeidentifiedRecord Record) SafeHarbor()
    {
        var record = Deidentifier().Deidentify([Patient(), Observation(), Condition()]);
        return ((Patient)record.Resources[0], (Observation)record.Resources[1], (Condition)record.Resources[2], record);
    }

    [Fact]
    public void Safe_harbor_removes_names_telecom_identifiers_photo_and_contacts()
    {
        var (patient, observation, _, _) = SafeHarbor();
        Assert.Null(patient.GetElement("name"));
        Assert.Null(patient.GetElement("telecom"));
        Assert.Null(patient.GetElement("identifier"));
        Assert.Null(patient.GetElement("photo"));
        Assert.Null(patient.GetElement("contact"));
        Assert.Null(observation.GetElement("identifier"));
        Assert.Equal("female", patient.Gender?.Value);
    }

    [Fact]
    public void Safe_harbor_keeps_state_and_country_of_an_address_and_removes_everything_below()
    {
        var address = Assert.Single(SafeHarbor().Patient.Address);
        Assert.Equal(("MA", "US", "home"), (address.State?.Value, address.Country?.Value, address.Use?.Value));
        Assert.Empty(address.Line);
        Assert.Null(address.City);
        Assert.Null(address.District);
        Assert.Null(address.PostalCode);
    }

    [Fact]
    public void Narrative_notes_free_text_and_reference_displays_are_removed_while_codings_and_quantities_stay()
    {
        var (patient, observation, _, _) = SafeHarbor();
        Assert.Null(patient.Text);
        Assert.Null(observation.Text);
        Assert.Null(observation.GetElement("note"));
        Assert.Null(observation.Code!.Text);
        Assert.Null(patient.MaritalStatus!.Text);
        Assert.Null(observation.Subject!.Display);
        Assert.Null(Assert.Single(patient.GeneralPractitioner).Display);
        var coding = Assert.Single(observation.Code.Coding);
        Assert.Equal(("http://loinc.org", "85354-9", "Blood pressure panel"), (coding.System?.Value, coding.Code?.Value, coding.Display?.Value));
        var systolic = Assert.IsType<Quantity>(observation.Component[0].Value);
        Assert.Equal((142m, "mmHg", "mm[Hg]"), (systolic.Value?.Value, systolic.Unit?.Value, systolic.Code?.Value));
        Assert.Equal("W", Assert.Single(patient.MaritalStatus.Coding).Code?.Value);
    }

    [Fact]
    public void Every_date_of_a_patient_moves_by_the_same_offset_keeping_intervals_time_zone_and_precision()
    {
        var (patient, observation, condition, record) = SafeHarbor();
        var days = (int)record.DateShift.TotalDays;
        Assert.InRange(Math.Abs(days), 1, 365);
        Assert.Equal(record.DateShift, Deidentifier().DateShiftOf("pat-1001"));

        string Shift(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(Shift("1961-04-17"), patient.BirthDate?.Value);
        var period = Assert.IsType<Period>(observation.Effective);
        Assert.Equal(Shift("2024-03-05") + "T09:30:00-05:00", period.Start?.Value);
        Assert.Equal(Shift("2024-03-05") + "T09:45:00-05:00", period.End?.Value);
        Assert.Equal(Shift("2024-03-05") + "T10:00:00.000Z", observation.Issued?.Value);
        Assert.Equal(Shift("2024-03-05") + "T10:15:00Z", observation.Meta?.LastUpdated?.Value);
        Assert.Equal(Shift("2023-11-20"), Assert.IsType<FhirDateTime>(condition.Abatement).Value);
        // A month stays a month and a year stays a year.
        Assert.Matches(@"^\d{4}-\d{2}$", Assert.IsType<FhirDateTime>(condition.Onset).Value!);
        Assert.Matches(@"^\d{4}$", condition.RecordedDate?.Value!);
    }

    [Fact]
    public void Date_offsets_differ_between_patients_and_stay_within_a_year()
    {
        var deidentifier = Deidentifier();
        var offsets = Enumerable.Range(0, 200).Select(i => (int)deidentifier.DateShiftOf("patient-" + i).TotalDays).ToList();
        Assert.All(offsets, d => Assert.True(d is >= -365 and <= 365 and not 0, $"offset {d}"));
        Assert.True(offsets.Distinct().Count() > 150, "offsets should spread over the year");
        var first = Deidentifier().Deidentify([Patient("p-a"), Observation("o-a", "p-a")]);
        var second = Deidentifier().Deidentify([Patient("p-b"), Observation("o-b", "p-b")]);
        Assert.NotEqual(first.DateShift, second.DateShift);
    }

    [Fact]
    public void Ids_and_references_become_keyed_hashes_that_map_back_to_the_real_resources()
    {
        var (patient, observation, condition, record) = SafeHarbor();
        Assert.NotEqual("pat-1001", patient.Id);
        Assert.Equal("Patient/" + patient.Id, observation.Subject?.ReferenceValue?.Value);
        Assert.Equal("Patient/" + patient.Id, condition.Subject?.ReferenceValue?.Value);
        Assert.Equal("Patient/pat-1001", record.Map.Resolve("Patient/" + patient.Id));
        Assert.Equal("Observation/obs-1", record.Map.Resolve("Observation/" + observation.Id));
        Assert.Equal("Encounter/enc-9", record.Map.Resolve(observation.Encounter!.ReferenceValue!.Value!));
        Assert.Equal("Practitioner/dr-7", record.Map.Resolve("http://any.example/fhir/" + patient.GeneralPractitioner[0].ReferenceValue!.Value));
        Assert.Null(record.Map.Resolve("Patient/unknown"));

        // Stable for the same secret, different for another.
        Assert.Equal(patient.Id, Deidentifier().Deidentify([Patient()]).Resources[0].Id);
        Assert.NotEqual(patient.Id, Deidentifier(secret: [.. Enumerable.Repeat((byte)9, 32)]).Deidentify([Patient()]).Resources[0].Id);
    }

    [Fact]
    public void References_by_urn_uuid_inside_a_bundle_hash_like_the_resource_they_point_to()
    {
        var bundle = new Bundle { Type = new Code<BundleType>(BundleType.Transaction) };
        var patient = Patient("5b0e8f6e-0000-4000-8000-000000000001");
        var observation = Observation("obs-urn", "x");
        observation.Subject = new Reference { ReferenceValue = new FhirString { Value = "urn:uuid:5b0e8f6e-0000-4000-8000-000000000001" } };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = new FhirUri { Value = "urn:uuid:" + patient.Id }, Resource = patient });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = new FhirUri { Value = "urn:uuid:obs-urn" }, Resource = observation });

        var record = Deidentifier().Deidentify(bundle);

        Assert.Equal("Patient/" + record.Resources[0].Id, ((Observation)record.Resources[1]).Subject?.ReferenceValue?.Value);
        Assert.Equal("Patient/" + patient.Id, record.Map.Resolve("Patient/" + record.Resources[0].Id));
    }

    [Fact]
    public void A_patient_older_than_89_gets_a_birth_year_that_only_says_90_or_older()
    {
        var record = Deidentifier().Deidentify([Patient(birthDate: "1921-08-30")]);
        var shiftedToday = Today.AddDays((int)record.DateShift.TotalDays);
        var birthYear = int.Parse(((Patient)record.Resources[0]).BirthDate!.Value!, CultureInfo.InvariantCulture);
        var youngestAge = shiftedToday.Year - birthYear - 1;
        Assert.InRange(youngestAge, 90, 91);
    }

    [Fact]
    public void A_patient_of_89_keeps_a_full_shifted_birth_date()
    {
        var record = Deidentifier().Deidentify([Patient(birthDate: "1936-06-01")]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", ((Patient)record.Resources[0]).BirthDate!.Value!);
    }

    [Fact]
    public void The_original_resources_are_not_changed()
    {
        var patient = Patient();
        var before = Json(patient);
        _ = Deidentifier().Deidentify([patient]);
        Assert.Equal(before, Json(patient));
    }

    [Fact]
    public void A_resource_with_properties_the_model_does_not_know_loses_them()
    {
        var lenient = new SmartReasoning.Fhir.Json.FhirJsonParser(SmartReasoning.Fhir.Json.FhirJsonParserOptions.Lenient);
        var patient = lenient.Parse("""{"resourceType":"Patient","id":"p9","nickname":"Hattie","gender":"female"}""").Value!;
        var copy = Deidentifier().Deidentify([patient]).Resources[0];
        Assert.DoesNotContain("Hattie", Json(copy), StringComparison.Ordinal);
    }
}

internal static class ElementAccess
{
    /// <summary>An element's value through the generated metadata (null, a node or a non-empty list), for asserting removal.</summary>
    public static object? GetElement(this Base node, string name) => node.TypeInfo.FindElement(name)!.Get(node);
}

public class DeidentifyOptionsTests
{
    [Fact]
    public void Age_over_89_is_measured_at_death_for_a_deceased_patient()
    {
        var patient = Patient(birthDate: "1920-02-01");
        patient.Deceased = new FhirDateTime { Value = "2005-06-01" }; // died at 85
        var copy = (Patient)Deidentifier().Deidentify([patient]).Resources[0];
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", copy.BirthDate!.Value!);
    }

    [Fact]
    public void Without_a_configured_secret_one_process_secret_keeps_hashes_stable_and_the_secret_is_never_printed()
    {
        var first = new Deidentifier().Deidentify([Patient()]).Resources[0].Id;
        var second = new Deidentifier().Deidentify([Patient()]).Resources[0].Id;
        Assert.Equal(first, second);
        Assert.NotEqual(first, Deidentifier().Deidentify([Patient()]).Resources[0].Id);
        var options = new DeidentifyOptions { Secret = Secret };
        Assert.DoesNotContain("1, 2", options.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new Deidentifier(new DeidentifyOptions { Secret = [1, 2, 3] }));
    }
}
