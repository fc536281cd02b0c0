using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Tests.FhirPath;

/// <summary>The engine's operators and function families, on a small patient and on literals.</summary>
public class FhirPathEngineTests
{
    private const string PatientJson = """
        {"resourceType":"Patient","id":"p1",
         "extension":[{"url":"http://example.org/eye","valueCode":"blue"}],
         "active":true,
         "name":[{"use":"official","family":"Chalmers","given":["Peter","James"]},{"use":"usual","given":["Jim"]}],
         "telecom":[{"system":"phone","value":"555"},{"system":"email","value":"p@example.org"}],
         "gender":"male","birthDate":"1974-12-25",
         "_birthDate":{"extension":[{"url":"http://example.org/time","valueDateTime":"1974-12-25T14:35:45-05:00"}]},
         "deceasedBoolean":false,
         "contained":[{"resourceType":"Organization","id":"org","name":"Acme"}],
         "managingOrganization":{"reference":"#org"},
         "text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">Peter</div>"}}
        """;

    private static readonly Patient Patient = (Patient)new FhirJsonParser().Parse(PatientJson).Value!;

    private static string Eval(string expression, Base? input = null)
    {
        var focus = input ?? Patient;
        var result = FhirPathCompiler.Default.Compile(expression).Evaluate(focus, new FhirPathEnvironment { Resource = focus, RootResource = focus });
        return string.Join(", ", result.Select(r => FhirPathResults.ValueText(r) ?? FhirPathResults.TypeName(r)));
    }

    [Theory]
    [InlineData("Patient.name.given", "Peter, James, Jim")]
    [InlineData("name.given", "Peter, James, Jim")]
    [InlineData("name[0].given[1]", "James")]
    [InlineData("name.where(use = 'usual').given", "Jim")]
    [InlineData("name.select(given.first())", "Peter, Jim")]
    [InlineData("Patient.deceased", "false")]
    [InlineData("Patient.birthDate", "@1974-12-25")]
    [InlineData("Observation.status", "")]
    [InlineData("telecom.where(system='email').value", "p@example.org")]
    [InlineData("name.family.exists() and name.given.count() = 3", "true")]
    [InlineData("Patient.name.given.first() | Patient.name.given.last()", "Peter, Jim")]
    public void Paths_navigate_the_model(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("1.0 + 2.00", "3.00")]
    [InlineData("7 div 2", "3")]
    [InlineData("7 mod 2", "1")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("1 / 0", "")]
    [InlineData("-5.abs()", "-5")]
    [InlineData("(-5).abs()", "5")]
    [InlineData("'a' + 'b'", "ab")]
    [InlineData("'a' & {} & 'c'", "ac")]
    [InlineData("2147483647 + 1", "")]
    [InlineData("1 + {}", "")]
    public void Arithmetic_follows_precedence_and_empty_propagation(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("true and {}", "")]
    [InlineData("false and {}", "false")]
    [InlineData("true or {}", "true")]
    [InlineData("{} or false", "")]
    [InlineData("true xor true", "false")]
    [InlineData("false implies {}", "true")]
    [InlineData("{} implies true", "true")]
    [InlineData("true implies {}", "")]
    [InlineData("(true).not()", "false")]
    [InlineData("{}.not()", "")]
    public void Boolean_logic_is_three_valued(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("1 = 1.0", "true")]
    [InlineData("'a' = 'A'", "false")]
    [InlineData("'a' ~ 'A'", "true")]
    [InlineData("1.2 ~ 1.23", "true")]
    [InlineData("{} = 1", "")]
    [InlineData("(1 | 2) = (1 | 2)", "true")]
    [InlineData("(1 | 2) ~ (2 | 1)", "true")]
    [InlineData("@2012-04-15 = @2012-04-15T10:00", "")]
    [InlineData("@2012-04-15 ~ @2012-04-15T10:00", "false")]
    [InlineData("@2017-11-05T01:30:00.0-04:00 > @2017-11-05T01:15:00.0-05:00", "false")]
    [InlineData("@2017-11-05T01:30:00.0-04:00 < @2017-11-05T01:20:00.0-06:00", "true")]
    [InlineData("1000 'mg' = 1 'g'", "true")]
    [InlineData("1 'kg' > 999 'g'", "true")]
    [InlineData("4 'g' < 4 'm'", "")]
    [InlineData("'abc' < 'abd'", "true")]
    [InlineData("name.given contains 'Jim'", "true")]
    [InlineData("'Jim' in name.given", "true")]
    public void Equality_equivalence_and_ordering(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("name.given.count()", "3")]
    [InlineData("name.given.distinct().count()", "3")]
    [InlineData("(1 | 1 | 2).count()", "2")]
    [InlineData("(1).combine(1).count()", "2")]
    [InlineData("name.given.skip(1).take(1)", "James")]
    [InlineData("name.given.tail()", "James, Jim")]
    [InlineData("(1 | 2 | 3).intersect(2 | 3 | 4)", "2, 3")]
    [InlineData("(1 | 2 | 3).exclude(2)", "1, 3")]
    [InlineData("(1 | 2).subsetOf(1 | 2 | 3)", "true")]
    [InlineData("(1 | 2).all($this > 0)", "true")]
    [InlineData("(true | false).anyTrue()", "true")]
    [InlineData("(1 | 2 | 3).aggregate($this + $total, 0)", "6")]
    [InlineData("(1 | 2 | 3).where($index > 0)", "2, 3")]
    [InlineData("iif(active, 'yes', 'no')", "yes")]
    [InlineData("{}.empty()", "true")]
    public void Collection_functions(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("'abcdef'.substring(2, 2)", "cd")]
    [InlineData("'abcdef'.indexOf('cd')", "2")]
    [InlineData("'abc'.upper()", "ABC")]
    [InlineData("'a,b'.split(',').count()", "2")]
    [InlineData("('a' | 'b').join('-')", "a-b")]
    [InlineData("'abc'.replace('b', 'x')", "axc")]
    [InlineData("'abc123'.matches('[0-9]+')", "true")]
    [InlineData("'abc123'.replaceMatches('[0-9]', '#')", "abc###")]
    [InlineData("'  x '.trim().length()", "1")]
    [InlineData("'abc'.toChars().count()", "3")]
    [InlineData("'hello'.encode('base64').decode('base64')", "hello")]
    [InlineData("'5'.toInteger() + 1", "6")]
    [InlineData("'5.50'.toDecimal()", "5.50")]
    [InlineData("'x'.convertsToInteger()", "false")]
    [InlineData("'yes'.toBoolean()", "true")]
    [InlineData("1.5.toString()", "1.5")]
    [InlineData("'2015-02-04'.toDate()", "@2015-02-04")]
    [InlineData("'5 \\'mg\\''.toQuantity()", "5 'mg'")]
    [InlineData("16.sqrt()", "4")]
    [InlineData("2.power(10)", "1024")]
    [InlineData("3.14159.round(2)", "3.14")]
    [InlineData("(-1).ln()", "")]
    public void String_math_and_conversion_functions(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("Patient.deceased is boolean", "true")]
    [InlineData("Patient.deceased is dateTime", "false")]
    [InlineData("Patient.deceased.ofType(boolean)", "false")]
    [InlineData("(Patient.deceased as boolean).not()", "true")]
    [InlineData("1 is Integer", "true")]
    [InlineData("1 is System.Integer", "true")]
    [InlineData("'a' is String", "true")]
    [InlineData("Patient is DomainResource", "true")]
    [InlineData("name.first() is HumanName", "true")]
    public void Type_operators(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("extension('http://example.org/eye').value", "blue")]
    [InlineData("birthDate.extension('http://example.org/time').value", "@1974-12-25T14:35:45-05:00")]
    [InlineData("birthDate.hasValue()", "true")]
    [InlineData("managingOrganization.resolve().name", "Acme")]
    [InlineData("gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')", "true")]
    [InlineData("text.div.htmlChecks()", "true")]
    [InlineData("conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", "true")]
    [InlineData("%resource.id", "p1")]
    [InlineData("%ucum", "http://unitsofmeasure.org")]
    [InlineData("%vs-administrative-gender", "http://hl7.org/fhir/ValueSet/administrative-gender")]
    [InlineData("children().count() > 5", "true")]
    [InlineData("descendants().ofType(HumanName).count()", "2")]
    public void Fhir_functions_and_environment(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("name.given.single()")]
    [InlineData("name.given + 1")]
    [InlineData("%undefined")]
    [InlineData("'a'.substring('x')")]
    public void Runtime_errors_are_typed_evaluation_errors(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => Eval(expression));

    [Theory]
    [InlineData("name.given(", 11)]
    [InlineData("1 +", 3)]
    [InlineData("name.foo()", 5)]
    [InlineData("name.where()", 5)]
    [InlineData("1 is Unknown", 2)]
    [InlineData("'unclosed", 0)]
    public void Compile_errors_carry_the_position(string expression, int position)
    {
        var ex = Assert.ThrowsAny<FhirPathCompileException>(() => FhirPathCompiler.Default.Compile(expression));
        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void A_long_expression_is_a_result_or_a_clear_error_and_deep_nesting_is_a_clear_error()
    {
        var longList = string.Join(" | ", Enumerable.Repeat("name.given.where($this.length() > 2).first()", 2_250)); // 100,000 characters
        Assert.True(longList.Length >= 100_000);
        var tooDeep = Assert.Throws<FhirPathSyntaxException>(() => FhirPathCompiler.Default.Compile(longList));
        Assert.Contains("nested", tooDeep.Message, StringComparison.Ordinal);

        var longButShallow = "(" + string.Join(") + (", Enumerable.Repeat(string.Join(" + ", Enumerable.Repeat("1", 200)), 1)) + ")";
        Assert.Equal("200", Eval(longButShallow));

        var deep = new string('(', 5_000) + "1" + new string(')', 5_000);
        var ex = Assert.Throws<FhirPathSyntaxException>(() => FhirPathCompiler.Default.Compile(deep));
        Assert.Contains("nested", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeat_over_a_cycle_stops()
    {
        // $this repeats itself: a cycle that must end, not hang.
        Assert.Equal("1", Eval("(1).repeat($this)"));
        Assert.Equal("Peter, James, Jim", Eval("name.repeat(given)"));
    }

    [Fact]
    public void Compiled_expression_is_reused_from_the_cache()
    {
        var compiler = new FhirPathCompiler();
        Assert.Same(compiler.Compile("name.given"), compiler.Compile("name.given"));
    }

    [Fact]
    public void Trace_reports_to_the_environment_and_passes_the_input_through()
    {
        List<string> traced = [];
        var env = new FhirPathEnvironment { Trace = (name, items) => traced.Add($"{name}:{items.Count}") };
        var result = FhirPathCompiler.Default.Compile("name.trace('names').given").Evaluate(Patient, env);
        Assert.Equal(3, result.Count);
        Assert.Equal(["names:2"], traced);
    }

    [Fact]
    public void Now_and_today_come_from_the_environment_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(1)));
        var env = new FhirPathEnvironment { Clock = clock };
        Assert.Equal("@2026-11-22", FhirPathResults.ValueText(FhirPathCompiler.Default.Compile("today()").Evaluate(Patient, env)[0]));
        Assert.Equal("true", FhirPathResults.ValueText(FhirPathCompiler.Default.Compile("now() > @2026-11-22T09:00:00+01:00").Evaluate(Patient, env)[0]));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.CreateCustomTimeZone("fixed", now.Offset, "fixed", "fixed");
    }
}
