using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.CdsHooks;
using SmartReasoning.Tests.Launch;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;

namespace SmartReasoning.Tests.Server;

/// <summary>
/// The whole flow against the sandbox, with the service's log captured: an EHR launch, CDS Hooks calls (one fetching
/// the record with the launch's token, one with a refused JWT) and a write-back with the user's token. The log must
/// hold none of the tokens, no JWT at all, and neither the patient's id nor name.
/// </summary>
public sealed partial class LogScrubbingTests
{
    private const string WriteScope = " user/Observation.crus user/Provenance.crus user/Device.crs";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.")]
    private static partial Regex Jwt();

    [Fact]
    public async Task Launch_cds_calls_and_write_back_leave_no_token_jwt_or_patient_in_the_log()
    {
        await using var host = await LaunchHost.StartAsync(scope: LaunchHost.Scope + WriteScope, service: o => o with { DeliverWriteBacks = false });
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        host.ServiceGet<CdsClientRegistry>().Put(new CdsClient { Issuer = CdsTestHost.Issuer, Jwks = new JsonWebKeySet(CdsTestHost.Jwks(key, CdsTestHost.KeyId).ToJsonString()) });
        host.ServiceGet<AllowedFhirServers>().Add(host.FhirBase);
        var patient = LaunchHost.PatientId;
        foreach (var resource in new[] { HookRequests.Diabetes(), HookRequests.Egfr() })
            host.Store.Write(new FhirJsonParser().Parse(HookRequests.ForPatient(resource, patient)).Value!);

        using var browser = new TestBrowser();
        var page = await browser.GoAsync(host.EhrLaunch(new LaunchContext { Patient = patient, FhirUser = $"Practitioner/{LaunchHost.PractitionerId}" }));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var session = host.SessionOf(page, browser);
        var tokens = session.Tokens;

        // An order-sign with no prefetch: the service pulls the record with the launch's access token.
        var url = host.ServiceBase + "/cds-services/smartreasoning-order-sign";
        var request = HookRequests.ForPatient(HookRequests.OrderSign(new JsonObject(), host.FhirBase, tokens.AccessToken), patient);
        var signed = CdsTestHost.SignAs(new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = CdsTestHost.KeyId }, SecurityAlgorithms.EcdsaSha384), url);
        using var cards = await PostAsync(url, request, signed);
        Assert.Equal(HttpStatusCode.OK, cards.StatusCode);
        Assert.Contains("Metformin", await cards.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // A JWT signed by a key no client has: refused, and the refusal is logged.
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var refusedJwt = CdsTestHost.SignAs(new SigningCredentials(new ECDsaSecurityKey(stranger) { KeyId = CdsTestHost.KeyId }, SecurityAlgorithms.EcdsaSha384), url);
        using var refused = await PostAsync(url, request, refusedJwt);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var target = new WriteTarget(host.FhirBase, new FindingSubject($"Patient/{patient}", null, AsOf), new WriteAuth(WriteAuthMode.User, session.Key));
        await host.ServiceGet<FindingWriter>().WriteAsync(MetforminRenal(), Rules, target, Ct);
        // Ours, and the findings the app's own review of the launch queued: all delivered with the user's token.
        var delivered = await host.ServiceGet<OutboxDelivery>().DeliverDueAsync(Ct);
        Assert.True(delivered is { Delivered: >= 1, Retried: 0, Failed: 0 }, delivered.ToString());

        var log = host.Logs.All;
        Assert.Contains("refused", log, StringComparison.Ordinal);
        foreach (var secret in new[] { tokens.AccessToken, tokens.RefreshToken, tokens.IdToken, signed, refusedJwt, session.Key })
            if (secret is { Length: > 0 }) Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        Assert.DoesNotMatch(Jwt(), log);
        foreach (var identifier in new[] { patient, "Lovelace", "1960-12-10" })
            Assert.DoesNotContain(identifier, log, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> PostAsync(string url, string body, string jwt)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return await http.SendAsync(request, Ct);
    }
}
