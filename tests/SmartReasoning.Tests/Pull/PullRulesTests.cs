using System.Net;
using SmartReasoning.Pull;

namespace SmartReasoning.Tests.Pull;

/// <summary>The small rules of the pull: which Medication references are ours to read, which scopes reach every type, how long Retry-After asks us to wait.</summary>
public sealed class PullRulesTests
{
    private static readonly Uri Base = new("http://ehr.test/fhir/");

    [Theory]
    [InlineData("Medication/m1", "m1")]
    [InlineData("Medication/m1/_history/2", "m1")]
    [InlineData("http://ehr.test/fhir/Medication/m2", "m2")]
    [InlineData("http://elsewhere.test/fhir/Medication/m3", null)]
    [InlineData("#med", null)]
    [InlineData("Substance/s1", null)]
    [InlineData("", null)]
    public void Only_medications_on_the_same_server_are_read(string reference, string? expected) =>
        Assert.Equal(expected, PatientRecordPuller.MedicationId(reference, Base));

    [Theory]
    [InlineData("launch openid patient/*.rs", true)]
    [InlineData("patient/*.read", true)]
    [InlineData("user/*.cruds", true)]
    [InlineData("patient/*.c", false)]
    [InlineData("patient/*.rs?category=laboratory", false)]
    [InlineData("patient/Patient.rs patient/Observation.rs", false)]
    public void Everything_is_trusted_only_with_scopes_that_reach_every_type(string scope, bool expected) =>
        Assert.Equal(expected, PatientRecordPuller.ReachesEveryType(scope));

    [Fact]
    public void Retry_after_as_an_http_date_is_the_time_until_then_capped()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var options = new PullOptions { Clock = new FixedClock(now), MaxRetryDelay = TimeSpan.FromSeconds(30) };
        using var soon = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        soon.Headers.RetryAfter = new(now.AddSeconds(12));
        using var late = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        late.Headers.RetryAfter = new(now.AddHours(1));
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.RetryAfter = new(now.AddSeconds(-5));
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(12), PatientRecordPuller.RetryAfter(soon, options));
        Assert.Equal(TimeSpan.FromSeconds(30), PatientRecordPuller.RetryAfter(late, options));
        Assert.Equal(TimeSpan.Zero, PatientRecordPuller.RetryAfter(past, options));
        Assert.Null(PatientRecordPuller.RetryAfter(none, options));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
