using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Sandbox.FhirServer.Access;

/// <summary>
/// The gate of the FHIR endpoints: every request but <c>GET /fhir/metadata</c> and <c>/fhir/.well-known/*</c> needs
/// <c>Authorization: Bearer</c> with an access token this sandbox signed for this FHIR base (as the client called it),
/// unexpired and not revoked. Missing: 401 with a realm; invalid: 401 <c>error="invalid_token"</c> (RFC 6750), each
/// with an OperationOutcome. A valid token's <see cref="AccessPolicy"/> is left on the request for the endpoints.
/// The token itself is never logged.
/// </summary>
internal sealed class BearerTokenFilter(AccessTokenService tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsPublic(http.Request)) return await next(context);

        var fhirBase = FhirEndpoints.BaseUrl(http);
        var authorization = http.Request.Headers.Authorization;
        if (authorization.Count == 0 || !(authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)))
            return Unauthorized($"Bearer realm=\"{fhirBase}\"", IssueType.Login, "this FHIR server needs an access token: Authorization: Bearer <token>");
        if (authorization.Count > 1) return InvalidToken(fhirBase, "more than one Authorization header");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return InvalidToken(fhirBase, "the bearer token is empty");

        var check = await tokens.ValidateAsync(token, fhirBase);
        if (check.Grant is not { } grant) return InvalidToken(fhirBase, check.Error ?? "the access token is not valid");
        http.Features.Set(AccessPolicy.For(grant));
        return await next(context);
    }

    private static bool IsPublic(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) && request.Path.Equals("/fhir/metadata", StringComparison.Ordinal))
        || request.Path.StartsWithSegments("/fhir/.well-known", StringComparison.Ordinal);

    private static IResult InvalidToken(string fhirBase, string description) =>
        Unauthorized($"Bearer realm=\"{fhirBase}\", error=\"invalid_token\", error_description=\"{description}\"",
            description.Contains("expired", StringComparison.Ordinal) ? IssueType.Expired : IssueType.Security, description);

    private static IResult Unauthorized(string challenge, IssueType type, string message) =>
        AccessEnforcement.AddHeader(FhirResponses.Outcome(StatusCodes.Status401Unauthorized, type, message), "WWW-Authenticate", challenge);
}
