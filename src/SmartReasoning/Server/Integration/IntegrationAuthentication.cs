using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Server.Integration;

/// <summary>
/// Bearer tokens for the integration API (JwtBearer): signature by a key of the authority's JWKS (from its OpenID
/// configuration), issuer the authority's, audience one of ours, unexpired; then the policy <see cref="Policy"/>: the
/// required scope (<c>scp</c>) or app role (<c>roles</c>) when one is configured. Claims are read under their JWT names.
/// </summary>
public static class IntegrationAuthentication
{
    public const string Scheme = "IntegrationApi";
    public const string Policy = "IntegrationApi";

    public static void Add(IServiceCollection services, IntegrationApiOptions api)
    {
        ArgumentNullException.ThrowIfNull(api);
        // Only the API's endpoints authenticate with it (the policy names it): CDS Hooks calls carry their own JWTs in
        // Authorization, and must never be run past Entra ID's validation (nor make us fetch its metadata). ASP.NET Core
        // makes a lone scheme the default, which its automatic authentication middleware then runs on every request;
        // this documented switch turns that off (SmartReasoning has no use for a default scheme anywhere).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddJwtBearer(Scheme, bearer =>
        {
            bearer.Authority = api.Authority.AbsoluteUri.TrimEnd('/');
            // Metadata over plain http only from this machine (a test authority); Entra ID is always https.
            bearer.RequireHttpsMetadata = !(api.Authority.Scheme == Uri.UriSchemeHttp && api.Authority.IsLoopback);
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidAudiences = api.Audiences,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = api.ClockSkew,
                NameClaimType = "sub",
                RoleClaimType = "roles",
            };
        });
        services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => Permitted(context.User, api))));
    }

    /// <summary>Whether the token carries what is required: nothing configured, or the scope among <c>scp</c>, or the role among <c>roles</c>.</summary>
    internal static bool Permitted(System.Security.Claims.ClaimsPrincipal user, IntegrationApiOptions api)
    {
        if (api.RequiredScope is null && api.RequiredRole is null) return true;
        var scopes = user.FindAll("scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var roles = user.FindAll("roles").Select(c => c.Value);
        return (api.RequiredScope is { } scope && scopes.Contains(scope, StringComparer.Ordinal))
            || (api.RequiredRole is { } role && roles.Contains(role, StringComparer.Ordinal));
    }
}
