using SmartReasoning.Launch;

namespace SmartReasoning.Tests.Launch;

/// <summary>Backend services: client_credentials with our asymmetric key and system/ scopes, the token kept until shortly before expiry.</summary>
public sealed class BackendServicesTests
{
    [Theory]
    [InlineData("ES384")]
    [InlineData("RS384")]
    public async Task System_token_reads_any_patient_and_is_reused_until_shortly_before_expiry(string algorithm)
    {
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric, algorithm);
        var backend = host.ServiceGet<BackendServicesClient>();
        using var http = new HttpClient();

        var access = await backend.AccessAsync(host.Config, "system/Patient.rs", TestContext.Current.CancellationToken);
        var patient = await PatientRead.ReadAsync(http, new FhirAccess(access.FhirBase, access.AccessToken, LaunchHost.OtherPatientId, access.Scope, access.ExpiresAt), TestContext.Current.CancellationToken);
        var again = await backend.AccessAsync(host.Config, "system/Patient.rs", TestContext.Current.CancellationToken);
        host.Clock.Advance(TimeSpan.FromMinutes(4.5)); // the sandbox's backend tokens live five minutes
        var renewed = await backend.AccessAsync(host.Config, "system/Patient.rs", TestContext.Current.CancellationToken);

        Assert.Equal(LaunchHost.OtherPatientName, PatientRead.DisplayName(patient));
        Assert.Equal("system/Patient.rs", access.Scope);
        Assert.Null(access.Patient);
        Assert.Same(access, again);
        Assert.NotEqual(access.AccessToken, renewed.AccessToken);
    }

    [Fact]
    public async Task Public_client_cannot_use_backend_services()
    {
        await using var host = await LaunchHost.StartAsync();

        var failure = await Assert.ThrowsAsync<LaunchFailure>(() => host.ServiceGet<BackendServicesClient>().AccessAsync(host.Config, "system/Patient.rs", TestContext.Current.CancellationToken));

        Assert.Equal(LaunchStep.BackendServices, failure.Step);
        Assert.Contains("confidential-asymmetric", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patient_scope_is_refused_before_anything_is_sent()
    {
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric);

        var failure = await Assert.ThrowsAsync<LaunchFailure>(() => host.ServiceGet<BackendServicesClient>().AccessAsync(host.Config, "system/Patient.rs patient/*.rs", TestContext.Current.CancellationToken));

        Assert.Contains("'patient/*.rs' is not a system/ scope", failure.Message, StringComparison.Ordinal);
    }
}
