namespace SmartReasoning.Sandbox.Authorization;

/// <summary>The sandbox's SMART authorization server: discovery, keys, authorize, patient picker, token, introspection, registration.</summary>
internal static class AuthorizationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/smart-configuration", SmartConfigurationDocument);
        app.MapGet("/fhir/.well-known/smart-configuration", SmartConfigurationDocument);
        app.MapGet("/.well-known/jwks.json", (SigningKeys keys) => Results.Json(keys.Jwks(), contentType: "application/jwk-set+json"));
        app.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
        {
            var urls = SandboxUrls.Of(http);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = urls.Issuer,
                ["jwks_uri"] = urls.Jwks,
                ["authorization_endpoint"] = urls.Authorize,
                ["token_endpoint"] = urls.Token,
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });

        var auth = app.MapGroup("/auth");
        auth.MapGet("/authorize", (HttpContext http, AuthorizeEndpoint endpoint) => endpoint.Authorize(http));
        auth.MapPost("/authorize", (HttpContext http, AuthorizeEndpoint endpoint) => endpoint.Authorize(http));
        auth.MapGet("/patient-picker", (HttpContext http, AuthorizeEndpoint endpoint) => endpoint.PatientPicker(http));
        auth.MapPost("/patient-picker", (HttpContext http, AuthorizeEndpoint endpoint) => endpoint.PatientChosen(http));
        auth.MapPost("/token", (HttpContext http, TokenEndpoint endpoint) => endpoint.Token(http));
        auth.MapPost("/introspect", (HttpContext http, IntrospectionEndpoint endpoint) => endpoint.Introspect(http));
        auth.MapPost("/register", (HttpContext http, RegistrationEndpoint endpoint) => endpoint.Register(http));
    }

    /// <summary>Adds the authorization server's parts to the sandbox's services.</summary>
    public static void AddServices(IServiceCollection services, SandboxOptions options)
    {
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<AccessTokenService>();
        services.AddSingleton<LaunchContextStore>();
        services.AddSingleton(new ClientRegistry(options.Clients));
        services.AddSingleton<AuthorizationCodes>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton(sp => new ClientKeySource(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<AuthorizeEndpoint>();
        services.AddSingleton<TokenEndpoint>();
        services.AddSingleton<IntrospectionEndpoint>();
        services.AddSingleton<RegistrationEndpoint>();
    }

    private static IResult SmartConfigurationDocument(HttpContext http) =>
        Results.Json(SmartConfiguration.Build(SandboxUrls.Of(http)));
}
