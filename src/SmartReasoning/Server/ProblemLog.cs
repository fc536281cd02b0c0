using System.Text.Json.Nodes;

namespace SmartReasoning.Server;

/// <summary>
/// A failure shown to a user is also one log line: an RFC 9457 problem detail as JSON (type, title, status, detail,
/// instance = the path, never the query, which may hold a code), with a few extra members. Callers put no token, secret
/// or patient identifier in it.
/// </summary>
public static class ProblemLog
{
    public static JsonObject Problem(string type, string title, int status, string detail, string instance, params (string Name, string? Value)[] extra)
    {
        var problem = new JsonObject
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = instance,
        };
        foreach (var (name, value) in extra)
            if (value is not null) problem[name] = value;
        return problem;
    }

    /// <summary>Logs "<paramref name="what"/>: {problem}" at <paramref name="level"/>.</summary>
    public static void Write(ILogger log, LogLevel level, string what, JsonObject problem) =>
        log.Log(level, "{What}: {ProblemDetails}", what, problem.ToJsonString());
}
