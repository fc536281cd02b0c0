using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Launch;
using SmartReasoning.Tests.Launch;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>A hook call without fhirAuthorization: the data prefetch lacks is fetched with SmartReasoning's own backend-services token.</summary>
public sealed class BackendFallbackTests
{
    [Fact]
    public async Task Missing_prefetch_without_fhir_authorization_is_fetched_with_our_backend_services_token()
    {
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        host.ServiceGet<CdsClientRegistry>().Put(new CdsClient { Issuer = CdsTestHost.Issuer, Jwks = new JsonWebKeySet(CdsTestHost.Jwks(key, "k1").ToJsonString()) });
        host.ServiceGet<AllowedFhirServers>().Add(host.FhirBase);
        var url = $"{host.ServiceBase}/cds-services/smartreasoning-patient-view";
        var body = new JsonObject
        {
            ["hook"] = "patient-view",
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["fhirServer"] = host.FhirBase,
            ["context"] = new JsonObject { ["userId"] = $"Practitioner/{LaunchHost.PractitionerId}", ["patientId"] = LaunchHost.OtherPatientId },
        };
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var jwt = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = CdsTestHost.Issuer,
            Audience = url,
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha384),
        });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.NotNull(JsonNode.Parse(text)!["cards"]);
    }
}
