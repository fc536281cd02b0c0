using System.CommandLine;
using SmartReasoning.Server;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning serve</c>: the main job, on embedded defaults, bound to loopback.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "The port to listen on (0 picks a free one).",
            DefaultValueFactory = _ => ServerOptions.DefaultPort,
        };
        var command = new Command("serve", "Start SmartReasoning on 127.0.0.1 with its embedded defaults.") { port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions { Port = parse.GetValue(port) };
            await using var app = SmartReasoningServer.Build(options);
            await app.StartAsync(cancellationToken);
            var baseUrl = SmartReasoningServer.BaseUrl(app);
            Console.WriteLine($"SmartReasoning is listening on {baseUrl}");
            Console.WriteLine($"  health: {baseUrl}/health");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
