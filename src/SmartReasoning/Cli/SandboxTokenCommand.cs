using System.CommandLine;
using SmartReasoning.Sandbox;

namespace SmartReasoning.Cli;

/// <summary>
/// <c>smartreasoning sandbox token [--root url] [--scope s]</c>: gets a backend-services access token from a running
/// sandbox over the SMART protocol alone (see <see cref="SelfRegisteringBackendClient"/>) and prints only the token, so a
/// script can say <c>token=$(smartreasoning sandbox token)</c>. Errors go to stderr with exit code 1.
/// </summary>
internal static class SandboxTokenCommand
{
    public static Command Create()
    {
        var root = new Option<string>("--root") { Description = "The sandbox root (its FHIR base works too).", DefaultValueFactory = _ => $"http://127.0.0.1:{SandboxOptions.DefaultPort}" };
        var scope = new Option<string>("--scope") { Description = "The system/ scopes to ask for.", DefaultValueFactory = _ => "system/*.rs" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 30 };
        var command = new Command("token", "Register a backend-services client with a key made for this run and print an access token (client_credentials, private_key_jwt ES384).")
        {
            root, scope, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(root)!, parse.GetValue(scope)!, TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string root, string scope, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(root, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            error.WriteLine($"--root '{root}' is not an absolute http(s) URL.");
            return 2;
        }
        using var http = new HttpClient { Timeout = timeout };
        using var client = new SelfRegisteringBackendClient(http);
        var (accessToken, problem) = await client.RequestTokenAsync(root, scope, cancellationToken);
        if (accessToken is null)
        {
            error.WriteLine(problem);
            return 1;
        }
        output.WriteLine(accessToken);
        return 0;
    }
}
