using SmartReasoning.Sandbox;

namespace SmartReasoning.Tests.Sandbox.Authorization;

public sealed class StandaloneLaunchTests : AuthorizationServerHost
{
    private const string Scope = "launch/patient openid fhirUser patient/*.rs";

    [Fact]
    public async Task Standalone_launch_shows_the_patient_picker_and_the_chosen_patient_is_in_context()
    {
        using var app = App();
        var (verifier, challenge) = SmartTestApp.NewPkce();
        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge));
        Assert.Equal(302, (int)answer.Status);
        Assert.StartsWith(Root + "/auth/patient-picker", answer.Location!.ToString(), StringComparison.Ordinal);

        using var picker = await app.GetAsync(answer.Location.PathAndQuery);
        var page = await picker.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Ada Lovelace", page, StringComparison.Ordinal);
        Assert.Contains("Charles Babbage", page, StringComparison.Ordinal);
        var request = Uri.UnescapeDataString(answer.Location.Query[(answer.Location.Query.IndexOf('=') + 1)..]);
        using var chosen = await app.PostFormAsync("auth/patient-picker", new() { ["request"] = request, ["patient"] = OtherPatientId });
        var code = new AuthorizeAnswer(chosen.StatusCode, chosen.Headers.Location, "").Query["code"];
        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal(OtherPatientId, token["patient"]);
        Assert.NotNull(token["id_token"]); // the sandbox clinician is the user
    }

    [Fact]
    public async Task A_patient_choice_is_accepted_once()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();
        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge));
        var request = Uri.UnescapeDataString(answer.Location!.Query[(answer.Location.Query.IndexOf('=') + 1)..]);

        using var first = await app.PostFormAsync("auth/patient-picker", new() { ["request"] = request, ["patient"] = PatientId });
        using var second = await app.PostFormAsync("auth/patient-picker", new() { ["request"] = request, ["patient"] = OtherPatientId });

        Assert.Equal(302, (int)first.StatusCode);
        Assert.Equal(400, (int)second.StatusCode);
    }
}

public sealed class HeadlessStandaloneLaunchTests : AuthorizationServerHost
{
    protected override SandboxOptions Options => base.Options with { StandalonePatient = OtherPatientId };

    [Fact]
    public async Task Standalone_launch_picks_the_configured_patient_without_a_page()
    {
        using var app = App();

        var (code, verifier) = await app.CodeAsync("launch/patient patient/*.rs");
        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal(OtherPatientId, token["patient"]);
    }
}
