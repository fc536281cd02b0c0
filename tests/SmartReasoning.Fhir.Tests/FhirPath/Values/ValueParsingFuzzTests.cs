using SmartReasoning.Fhir.FhirPath;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

/// <summary>TryParse takes text from data and users: no input may make it throw, and what it accepts prints back.</summary>
public class ValueParsingFuzzTests
{
    private const string Alphabet = "0123456789-:T.+Z ' zmgdaysLk/[]{}()*^\\\u00e9\u0660";

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_text_never_makes_a_parser_throw(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 4000; i++)
        {
            CheckEveryParser(RandomText(random));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutations_of_valid_values_never_make_a_parser_throw(int seed)
    {
        var random = new Random(seed);
        string[] valid = ["2015-02-04T14:34:28.123+01:00", "2015-02", "14:34:28.5", "5.0 'mg/dL'", "4 days", "10*3/uL", "mm[Hg]"];
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var chars = valid[random.Next(valid.Length)].ToCharArray();
            chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            accepted += CheckEveryParser(new string(chars));
        }

        Assert.True(accepted > 100, $"only {accepted} mutations parsed; the test exercises too little");
    }

    [Fact]
    public void Random_arithmetic_either_succeeds_or_reports_a_value_error()
    {
        var random = new Random(7);
        string[] units = ["year", "months", "week", "days", "hours", "minute", "seconds", "millisecond", "'s'", "'ms'", "'d'", "'mg'"];
        var start = FhirPathDateTime.TryParse("2015-02-04T14:34:28.123+01:00", out var dt) ? dt! : throw new InvalidOperationException();
        for (var i = 0; i < 2000; i++)
        {
            var amount = (decimal)(random.NextDouble() * 2e6 - 1e6) * (random.Next(3) == 0 ? 1e15m : 1m);
            var quantity = FhirPathQuantity.TryParse($"{Math.Round(amount, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)} {units[random.Next(units.Length)]}", out var q) ? q! : throw new InvalidOperationException();
            try
            {
                var result = start.Add(quantity);
                Assert.InRange(result.Year, 1, 9999);
            }
            catch (FhirPathValueException)
            {
                // out of range, or not a calendar duration: both are defined errors
            }
        }
    }

    // Runs every parser; whatever is accepted must print to text that parses back to the same value, and must
    // survive the operations the engine applies next. Returns how many parsers accepted the text.
    private static int CheckEveryParser(string text)
    {
        var accepted = 0;
        if (FhirPathDate.TryParse(text, out var date))
        {
            accepted++;
            Assert.Equal(text, date!.ToString());
            Assert.Equal(0, FhirPathTemporal.Compare(date, date));
        }

        if (FhirPathTime.TryParse(text, out var time))
        {
            accepted++;
            Assert.Equal(text, time!.ToString());
            Assert.True(FhirPathTemporal.Equivalent(time, time));
        }

        if (FhirPathDateTime.TryParse(text, out var dateTime))
        {
            accepted++;
            Assert.True(FhirPathDateTime.TryParse(dateTime!.ToString(), out var again) && again!.Equals(dateTime));
            Assert.Equal(0, FhirPathTemporal.Compare(dateTime, dateTime, TimeSpan.FromHours(5)));
        }

        if (FhirPathQuantity.TryParse(text, out var quantity))
        {
            accepted++;
            Assert.True(FhirPathQuantity.TryParse(quantity!.ToString(), out var again) && again!.Equals(quantity));
            _ = quantity.ConvertTo("g");
            Assert.Equal(0, FhirPathQuantityMath.Compare(quantity, quantity));
            Assert.True(FhirPathQuantityMath.Equivalent(quantity, quantity));
            _ = FhirPathQuantityMath.Multiply(quantity, quantity);
        }

        if (UcumUnits.Resolve(text) is { } meaning) Assert.NotNull(meaning.Dimension);
        return accepted;
    }

    private static string RandomText(Random random)
    {
        var length = random.Next(0, 32);
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = Alphabet[random.Next(Alphabet.Length)];
        return new string(chars);
    }
}
