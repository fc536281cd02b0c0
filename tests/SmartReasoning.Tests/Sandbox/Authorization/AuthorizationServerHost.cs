using Microsoft.Extensions.DependencyInjection;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Sandbox.FhirServer;

namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>
/// A sandbox with three registered apps (public, symmetric, asymmetric), two patients and their clinician, and a clock
/// the tests move by hand.
/// </summary>
public class AuthorizationServerHost : SandboxHost
{
    public const string PublicClient = "public-app";
    public const string SymmetricClient = "symmetric-app";
    public const string AsymmetricClient = "asymmetric-app";
    public const string Secret = "test-secret-made-at-test-time";
    public const string Redirect = "http://127.0.0.1:1/callback";
    public const string PatientId = "pat-1";
    public const string OtherPatientId = "pat-2";
    public const string PractitionerId = "doc-1";

    public ManualClock Clock { get; } = new();

    public ClientKeys AppKeys { get; } = new();

    protected override SandboxOptions Options => new()
    {
        Port = 0,
        Clock = Clock,
        Clients =
        [
            new SmartClient { ClientId = PublicClient, RedirectUris = [Redirect], Scope = "openid fhirUser launch launch/patient offline_access online_access patient/*.rs patient/Observation.rs user/*.rs" },
            new SmartClient { ClientId = SymmetricClient, RedirectUris = [Redirect], AuthenticationMethod = ClientAuthenticationMethod.ClientSecretBasic, Secret = Secret },
            new SmartClient { ClientId = AsymmetricClient, RedirectUris = [Redirect], AuthenticationMethod = ClientAuthenticationMethod.PrivateKeyJwt, Jwks = AppKeys.JsonWebKeySet() },
        ],
    };

    public LaunchContextStore Launches => Services.GetRequiredService<LaunchContextStore>();

    public AccessTokenService AccessTokens => Services.GetRequiredService<AccessTokenService>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var json in new[]
        {
            $$"""{"resourceType":"Practitioner","id":"{{PractitionerId}}","name":[{"family":"Osler","given":["William"]}]}""",
            $$"""{"resourceType":"Patient","id":"{{PatientId}}","name":[{"family":"Lovelace","given":["Ada"]}],"birthDate":"1960-12-10","generalPractitioner":[{"reference":"Practitioner/{{PractitionerId}}"}]}""",
            $$"""{"resourceType":"Patient","id":"{{OtherPatientId}}","name":[{"family":"Babbage","given":["Charles"]}],"birthDate":"1951-12-26"}""",
        })
            Store.Write(new FhirJsonParser().Parse(json).Value!);
    }

    public SmartTestApp App(string clientId = PublicClient, string redirect = Redirect) => new(Root, clientId, redirect);

    /// <summary>A launch from the chart of <see cref="PatientId"/>, as the chart page makes one.</summary>
    public string Launch(LaunchContext? context = null) => Launches.Create(context ?? new LaunchContext
    {
        Patient = PatientId,
        Encounter = "enc-1",
        FhirUser = $"Practitioner/{PractitionerId}",
        FhirContext = [new FhirContextItem("Encounter/enc-1")],
        Intent = "review-findings",
        NeedPatientBanner = false,
        SmartStyleUrl = "http://127.0.0.1:1/style.json",
        Tenant = "sandbox",
        AppContext = "{\"finding\":\"egfr-metformin\"}",
    });
}
