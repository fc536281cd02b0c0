using SmartReasoning.Deidentify;
using static SmartReasoning.Tests.Deidentify.Fixtures;

namespace SmartReasoning.Tests.Deidentify;

public class LeakCheckTests
{
    private static readonly LeakCheck Check = LeakCheck.For([Patient(), Observation(), Condition()]);

    private static IdentifierKind Single(string text) => Assert.Single(Check.Scan(text).Select(h => h.Kind).Distinct());

    [Fact]
    public void A_name_planted_in_a_note_is_found_whatever_its_case()
    {
        Assert.Equal(IdentifierKind.Name, Single("Note: pt. HARRIET reports dizziness."));
        Assert.Equal(IdentifierKind.Name, Single("seen with her son (quimby) today"));
    }

    [Fact]
    public void A_phone_number_is_found_with_different_punctuation_or_a_country_code()
    {
        Assert.Equal(IdentifierKind.Phone, Single("call back on 617.555.0143"));
        Assert.Equal(IdentifierKind.Phone, Single("call back on +1 617 555 0143"));
        Assert.Equal(IdentifierKind.Phone, Single("daughter: 6175550199"));
    }

    [Fact]
    public void The_mrn_other_identifiers_and_real_resource_ids_are_found()
    {
        Assert.Equal(IdentifierKind.Identifier, Single("MRN:4471923"));
        Assert.Equal(IdentifierKind.Identifier, Single("ssn 999-12-3456"));
        Assert.Equal(IdentifierKind.Identifier, Single("accession ACC-88112"));
        Assert.Equal(IdentifierKind.ResourceId, Single("see Patient/pat-1001"));
    }

    [Fact]
    public void Email_address_and_birth_date_in_common_formats_are_found()
    {
        Assert.Equal([IdentifierKind.Email], Check.Scan("mail Harriet.Quimby@Example.org").Select(h => h.Kind));
        Assert.Equal(IdentifierKind.Address, Single("lives at 1428 Elm Street"));
        Assert.Equal(IdentifierKind.Address, Single("from springfield"));
        Assert.Equal(IdentifierKind.PostalCode, Single("zip 01109"));
        foreach (var date in new[] { "1961-04-17", "04/17/1961", "17.04.1961", "April 17, 1961", "17 Apr 1961" })
            Assert.Equal(IdentifierKind.BirthDate, Single("born " + date));
    }

    [Fact]
    public void Clean_text_passes_even_when_it_contains_parts_of_identifiers_inside_other_words()
    {
        const string text = """
            Female, 64 years. Hypertensive disorder since 2019. Blood pressure panel: 142/91 mmHg (8480-6, 8462-4).
            Annual review in Springfieldian clinic; Patient/3fa94c1e0b; lives in MA, US. Harrietta is not her name.
            Values 44719230 and 14471923 are numbers; dates 1961-04-170 and 2024-03-05.
            """;
        Assert.Empty(Check.Scan(text).Select(h => (h.Kind, text.Substring(h.Position, 12))));
        Check.EnsureNoLeak(text);
    }

    [Fact]
    public void Short_name_parts_are_not_looked_for()
    {
        // "Jo" (a given name) and "Ms." are too short to tell from ordinary words.
        Assert.Empty(Check.Scan("Jo Ms. was given 2 mg"));
    }

    [Fact]
    public void EnsureNoLeak_refuses_with_the_kinds_found_and_never_the_identifier()
    {
        var error = Assert.Throws<IdentifierLeakException>(() => Check.EnsureNoLeak("Harriet, MRN 4471923, phone 617-555-0143"));
        Assert.Equal([IdentifierKind.Name, IdentifierKind.Identifier, IdentifierKind.Phone], error.Kinds);
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
        Assert.Contains("phone number", error.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "Harriet", "4471923", "555", "0143" })
            Assert.DoesNotContain(secret, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_safe_harbor_rendering_of_the_hand_made_patient_passes_the_leak_check()
    {
        var record = Deidentifier().Deidentify([Patient(), Observation(), Condition()]);
        foreach (var resource in record.Resources) Check.EnsureNoLeak(Json(resource));
        Assert.True(Check.IdentifierCount > 10);
    }
}
