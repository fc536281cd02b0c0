using System.Globalization;
using System.Text.Json;

namespace SmartReasoning.Reason.Model;

/// <summary>
/// The endpoint's answer read from the wire: a <c>chat.completion</c> (model, first choice's content and finish
/// reason, usage) or an error. <see cref="Content"/> is set only when the answer may be read as findings.
/// </summary>
internal sealed record ModelReply(ModelOutcome Outcome, string? Detail, string? Content, string? ModelVersion, TokenUsage? Usage)
{
    public static ModelReply Read(ModelExchange exchange)
    {
        if (exchange.Failure is { } failure) return new ModelReply(failure, Attempts(exchange, failure), null, null, null);
        return exchange.Status switch
        {
            200 => Completion(exchange.Body),
            400 when IsContentFilter(exchange.Body) => new ModelReply(ModelOutcome.ContentFiltered, "the prompt was refused (400 content_filter)", null, null, null),
            401 or 403 => Error(ModelOutcome.Unauthorized, exchange),
            408 => Error(ModelOutcome.Timeout, exchange),
            429 => Error(ModelOutcome.RateLimited, exchange),
            >= 500 => Error(ModelOutcome.ServerError, exchange),
            _ => Error(ModelOutcome.Rejected, exchange),
        };
    }

    private static ModelReply Error(ModelOutcome outcome, ModelExchange exchange) =>
        new(outcome, $"HTTP {exchange.Status.ToString(CultureInfo.InvariantCulture)}{AttemptsSuffix(exchange.Attempts)}", null, null, null);

    private static string Attempts(ModelExchange exchange, ModelOutcome failure) =>
        (exchange.FailureDetail ?? failure.ToString()) + AttemptsSuffix(exchange.Attempts);

    private static string AttemptsSuffix(int attempts) =>
        attempts > 1 ? $" after {attempts.ToString(CultureInfo.InvariantCulture)} attempts" : "";

    /// <summary>Azure's refusal: <c>{"error":{"code":"content_filter",...,"innererror":{"code":"ResponsibleAIPolicyViolation"}}}</c>.</summary>
    private static bool IsContentFilter(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return false;
            if (error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() == "content_filter") return true;
            return error.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object &&
                   inner.TryGetProperty("code", out var innerCode) && innerCode.ValueKind == JsonValueKind.String &&
                   innerCode.GetString() == "ResponsibleAIPolicyViolation";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ModelReply Completion(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Malformed("the response is not a chat completion", null, null);
            var version = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;
            var usage = UsageOf(root);
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
                return Malformed("the response has no choices", version, usage);
            var choice = choices[0];
            var finish = choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
            var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            if (finish == "content_filter")
                return new ModelReply(ModelOutcome.ContentFiltered, "the answer was filtered (finish_reason content_filter)", null, version, usage);
            if (finish == "length") return new ModelReply(ModelOutcome.Truncated, "finish_reason length", null, version, usage);
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String)
                return new ModelReply(ModelOutcome.ContentFiltered, "the model refused to answer", null, version, usage);
            if (finish != "stop") return Malformed("unexpected finish_reason", version, usage);
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                return Malformed("the answer has no content", version, usage);
            return new ModelReply(ModelOutcome.Used, null, content.GetString(), version, usage);
        }
        catch (JsonException)
        {
            return Malformed("the response is not JSON", null, null);
        }
    }

    private static ModelReply Malformed(string detail, string? version, TokenUsage? usage) => new(ModelOutcome.Malformed, detail, null, version, usage);

    private static TokenUsage? UsageOf(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return null;
        return new TokenUsage(Int(usage, "prompt_tokens"), Int(usage, "completion_tokens"));
    }

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : 0;
}
