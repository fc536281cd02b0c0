using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Dynamic client registration (RFC 7591), open to anyone who can reach the sandbox, so that any app or test can
/// register itself: redirect URIs, the token endpoint authentication method, keys (inline or by URL) and scope.
/// </summary>
internal sealed class RegistrationEndpoint(ClientRegistry clients, TimeProvider clock)
{
    private const int MaxBodyBytes = 256 * 1024;

    public async Task<IResult> Register(HttpContext http)
    {
        JsonObject? metadata;
        try
        {
            if (http.Request.ContentLength > MaxBodyBytes) return Invalid("invalid_client_metadata", "the registration request is too large");
            metadata = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Invalid("invalid_client_metadata", $"the body is not JSON: {ex.Message}");
        }
        if (metadata is null) return Invalid("invalid_client_metadata", "the body must be a JSON object of client metadata");

        var (client, error, description) = ClientMetadata.Read(metadata, "dyn-" + RandomId.New()[..22]);
        if (client is null) return Invalid(error!, description!);
        clients.Register(client);

        var response = metadata.DeepClone().AsObject();
        response["client_id"] = client.ClientId;
        response["client_id_issued_at"] = clock.GetUtcNow().ToUnixTimeSeconds();
        response["token_endpoint_auth_method"] = ClientMetadata.MethodName(client.AuthenticationMethod);
        response["scope"] = client.Scope;
        if (client.Secret is not null)
        {
            response["client_secret"] = client.Secret;
            response["client_secret_expires_at"] = 0;
        }
        return TokenResponse.NoStore(response, StatusCodes.Status201Created);
    }

    private static IResult Invalid(string error, string description) =>
        TokenResponse.NoStore(new JsonObject { ["error"] = error, ["error_description"] = description }, StatusCodes.Status400BadRequest);
}
