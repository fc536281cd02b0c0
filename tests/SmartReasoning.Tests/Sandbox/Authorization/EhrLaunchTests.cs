using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Authorization;

public sealed class EhrLaunchTests : AuthorizationServerHost
{
    private const string Scope = "launch openid fhirUser offline_access patient/*.rs";

    [Fact]
    public async Task Ehr_launch_returns_the_code_with_the_state_to_the_exact_redirect_uri()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, Launch(), state: "xyz-state"));

        Assert.Equal(302, (int)answer.Status);
        Assert.True(answer.RedirectsTo(Redirect), answer.Location?.ToString());
        Assert.Equal("xyz-state", answer.Query["state"]);
        Assert.True(answer.Query["code"].Length >= 43);
    }

    [Fact]
    public async Task Token_response_carries_the_whole_launch_context_and_is_never_cached()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, Launch());

        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal(200, (int)token.Status);
        Assert.True(token.NoStore);
        Assert.Equal("Bearer", token["token_type"]);
        Assert.Equal(Scope, token["scope"]);
        Assert.Equal(PatientId, token["patient"]);
        Assert.Equal("enc-1", token["encounter"]);
        Assert.Equal("review-findings", token["intent"]);
        Assert.Equal("sandbox", token["tenant"]);
        Assert.Equal("{\"finding\":\"egfr-metformin\"}", token["appContext"]);
        Assert.Equal("http://127.0.0.1:1/style.json", token["smart_style_url"]);
        Assert.False(token.Body.GetProperty("need_patient_banner").GetBoolean());
        Assert.Equal("Encounter/enc-1", token.Body.GetProperty("fhirContext")[0].GetProperty("reference").GetString());
        Assert.Equal(3600, token.Body.GetProperty("expires_in").GetInt32());
        Assert.NotNull(token["refresh_token"]);
    }

    [Fact]
    public async Task Access_token_is_valid_for_the_fhir_base_and_carries_the_patient()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, Launch());
        var token = await app.ExchangeAsync(code, verifier);

        var check = await AccessTokens.ValidateAsync(token["access_token"]!, FhirBase);
        var wrongAudience = await AccessTokens.ValidateAsync(token["access_token"]!, Root + "/other-fhir");

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(PatientId, check.Grant!.Patient);
        Assert.Equal(PublicClient, check.Grant.ClientId);
        Assert.Equal($"Practitioner/{PractitionerId}", check.Grant.FhirUser);
        Assert.False(wrongAudience.IsValid);
    }

    [Fact]
    public async Task Id_token_is_signed_RS256_by_a_key_from_the_jwks_uri_and_names_the_fhir_user()
    {
        using var app = App();
        var (verifier, challenge) = SmartTestApp.NewPkce();
        var parameters = app.AuthorizeParameters(Scope, challenge, Launch());
        parameters["nonce"] = "n-0S6_WzA2Mj";
        var code = (await app.AuthorizeAsync(parameters)).Query["code"];
        var token = await app.ExchangeAsync(code, verifier);

        using var jwksResponse = await app.GetAsync(".well-known/jwks.json");
        var jwks = new JsonWebKeySet(await jwksResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token["id_token"], new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            ValidIssuer = Root,
            ValidAudience = PublicClient,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal($"{FhirBase}/Practitioner/{PractitionerId}", result.Claims["fhirUser"]);
        Assert.Equal("n-0S6_WzA2Mj", result.Claims["nonce"]);
    }

    [Fact]
    public async Task Authorize_by_post_is_accepted()
    {
        using var app = App();
        var (verifier, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, Launch()), post: true);
        var token = await app.ExchangeAsync(answer.Query["code"], verifier);

        Assert.Equal(200, (int)token.Status);
        Assert.Equal(PatientId, token["patient"]);
    }

    [Fact]
    public async Task Scopes_are_narrowed_to_what_the_client_may_have_and_the_rest_dropped()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs user/*.cruds system/*.rs", Launch());

        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal("launch patient/*.rs user/*.rs", token["scope"]);
    }

    [Fact]
    public async Task Without_offline_or_online_access_there_is_no_refresh_token_and_without_openid_no_id_token()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());

        var token = await app.ExchangeAsync(code, verifier);

        Assert.Null(token["refresh_token"]);
        Assert.Null(token["id_token"]);
    }

    [Fact]
    public async Task Launch_context_given_by_the_chart_is_kept_for_its_lifetime_only()
    {
        var launch = Launch();
        Clock.Advance(LaunchContextStore.Lifetime + TimeSpan.FromSeconds(1));
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, launch));

        Assert.Equal("invalid_request", answer.Query["error"]);
        Assert.Contains("launch", answer.Query["error_description"], StringComparison.Ordinal);
    }
}
