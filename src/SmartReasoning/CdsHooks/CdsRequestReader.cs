using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.CdsHooks;

/// <summary>
/// Reads and checks a hook request: JSON, <c>hook</c> matching the service, <c>hookInstance</c> a UUID, the context the
/// hook requires (userId as Type/id and patientId for all; selections and draftOrders for order-select; draftOrders for
/// order-sign; encounterId optional), <c>fhirAuthorization</c> only with <c>fhirServer</c>. Every problem is named.
/// </summary>
public static partial class CdsRequestReader
{
    private static readonly FhirJsonParser Parser = new(FhirJsonParserOptions.Lenient);

    public static (CdsServiceRequest? Request, IReadOnlyList<string> Problems) Read(CdsServiceDefinition service, ReadOnlyMemory<byte> body)
    {
        JsonObject request;
        Dictionary<string, ReadOnlyMemory<byte>?>? prefetch = null;
        List<string> problems = [];
        try
        {
            // The prefetch is most of a request (hundreds of kilobytes) and is read as FHIR: its values are kept as slices of
            // the body (only skipped over here, never built into a JSON tree or copied). The rest, small, is read as a tree.
            if (body.Span.StartsWith("\uFEFF"u8)) body = body[3..]; // a UTF-8 byte order mark
            var reader = new Utf8JsonReader(body.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return (null, ["the body is not a JSON object"]);
            request = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name == "prefetch")
                {
                    if (reader.TokenType == JsonTokenType.StartObject) prefetch = ReadPrefetch(ref reader, body);
                    else if (reader.TokenType != JsonTokenType.Null) problems.Add("prefetch must be an object");
                    reader.Skip();
                }
                else
                {
                    request[name] = JsonNode.Parse(Value(ref reader, body).Span);
                }
            }
            if (reader.Read()) return (null, ["the body is not JSON (content after the object)"]); // the reader throws first on most
        }
        catch (JsonException ex)
        {
            return (null, [$"the body is not JSON ({ex.Message})"]);
        }

        var hook = Text(request, "hook");
        if (hook is null) problems.Add("hook is required");
        else if (hook != service.Hook) problems.Add($"hook '{hook}' does not match this service, which answers '{service.Hook}'");
        var hookInstance = Text(request, "hookInstance");
        if (hookInstance is null) problems.Add("hookInstance is required");
        else if (!Guid.TryParseExact(hookInstance, "D", out _)) problems.Add("hookInstance must be a UUID");

        var fhirServer = Text(request, "fhirServer");
        if (request["fhirServer"] is not null && (fhirServer is null || !IsHttpUrl(fhirServer))) problems.Add("fhirServer must be an absolute http(s) URL");
        CdsFhirAuthorization? authorization = null;
        if (request["fhirAuthorization"] is { } auth)
        {
            if (fhirServer is null) problems.Add("fhirAuthorization requires fhirServer");
            if (auth is not JsonObject a || Text(a, "access_token") is not { Length: > 0 } token) problems.Add("fhirAuthorization.access_token is required");
            else if (Text(a, "token_type") is { } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) problems.Add("fhirAuthorization.token_type must be Bearer");
            else authorization = new CdsFhirAuthorization(token, Text(a, "scope"), Text(a, "subject"));
        }

        if (request["context"] is not JsonObject context)
        {
            problems.Add("context is required and must be an object");
            return (null, problems);
        }
        var userId = Text(context, "userId");
        if (userId is null) problems.Add("context.userId is required");
        else if (!ReferenceFormat().IsMatch(userId)) problems.Add("context.userId must be a reference such as Practitioner/123");
        var patientId = Text(context, "patientId");
        if (patientId is null) problems.Add("context.patientId is required");
        else if (!IdFormat().IsMatch(patientId)) problems.Add("context.patientId must be a FHIR id");
        var encounterId = Text(context, "encounterId");
        if (context["encounterId"] is not null && (encounterId is null || !IdFormat().IsMatch(encounterId))) problems.Add("context.encounterId must be a FHIR id when present");

        List<string> selections = [];
        if (service.Hook == "order-select")
        {
            if (context["selections"] is not JsonArray list || list.Count == 0) problems.Add("context.selections is required for order-select: a non-empty array of references");
            else
                foreach (var item in list)
                {
                    if (item is JsonValue v && v.TryGetValue<string>(out var s) && ReferenceFormat().IsMatch(s)) selections.Add(s);
                    else problems.Add("context.selections must hold references such as MedicationRequest/123");
                }
        }

        List<Resource> drafts = [];
        HashSet<string> unnamed = new(StringComparer.Ordinal);
        Dictionary<string, JsonObject> draftJson = new(StringComparer.Ordinal);
        if (service.Hook is "order-select" or "order-sign")
        {
            if (context["draftOrders"] is not JsonObject bundle || Text(bundle, "resourceType") != "Bundle")
                problems.Add($"context.draftOrders is required for {service.Hook}: a FHIR Bundle of the draft orders");
            else
                ReadDrafts(bundle, drafts, unnamed, draftJson, problems);
            foreach (var selection in selections)
                if (!draftJson.ContainsKey(selection)) problems.Add($"context.selections names {selection}, which is not among the draftOrders");
        }

        if (problems.Count > 0) return (null, problems);
        return (new CdsServiceRequest
        {
            Service = service,
            Hook = hook!,
            HookInstance = hookInstance!,
            FhirServer = fhirServer,
            FhirAuthorization = authorization,
            UserId = userId!,
            PatientId = patientId!,
            EncounterId = encounterId,
            Selections = selections,
            DraftOrders = drafts,
            UnnamedDrafts = unnamed,
            DraftJson = draftJson,
            Prefetch = prefetch,
        }, problems);
    }

    private static void ReadDrafts(JsonObject bundle, List<Resource> drafts, HashSet<string> unnamed, Dictionary<string, JsonObject> draftJson, List<string> problems)
    {
        if (bundle["entry"] is not JsonArray entries) return; // an empty Bundle: nothing being ordered
        var n = 0;
        foreach (var entry in entries)
        {
            n++;
            if (entry is not JsonObject e || e["resource"] is not JsonObject json)
            {
                problems.Add($"context.draftOrders entry {n} has no resource");
                continue;
            }
            var parsed = Parser.Parse(JsonSerializer.SerializeToUtf8Bytes(json));
            if (!parsed.IsSuccess || parsed.Value is not { } resource)
            {
                problems.Add($"context.draftOrders entry {n} is not a FHIR resource that can be read");
                continue;
            }
            if (string.IsNullOrEmpty(resource.Id))
            {
                resource.Id = $"unnamed-draft-{n}";
                unnamed.Add($"{resource.TypeInfo.Name}/{resource.Id}");
            }
            drafts.Add(resource);
            draftJson[$"{resource.TypeInfo.Name}/{resource.Id}"] = json;
        }
    }

    /// <summary>The prefetch object's keys, each value a slice of the body (null for a JSON null); the reader ends on its EndObject.</summary>
    private static Dictionary<string, ReadOnlyMemory<byte>?> ReadPrefetch(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var prefetch = new Dictionary<string, ReadOnlyMemory<byte>?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            prefetch[key] = reader.TokenType == JsonTokenType.Null ? null : Value(ref reader, body);
        }
        return prefetch;
    }

    /// <summary>
    /// The bytes of the value the reader is on, as a slice of <paramref name="body"/> (a prefetch value is hundreds of
    /// kilobytes: a copy of it was a large-object-heap array per call); the reader ends on the value's last token.
    /// </summary>
    private static ReadOnlyMemory<byte> Value(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return body[start..(int)reader.BytesConsumed];
    }

    internal static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(@"^[A-Za-z]+/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex ReferenceFormat();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex IdFormat();
}
