using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmartReasoning.Server.App;

/// <summary>
/// The EHR's look from its <c>smart_style_url</c> (SMART App Launch's style JSON: <c>color_background</c>,
/// <c>color_text</c>, <c>font_family</c>...), turned into CSS variables the app's stylesheet reads. Fetched once per URL
/// with a short timeout; any failure (unreachable, not JSON, odd values) leaves our own look. Values are checked
/// against a narrow pattern before they reach the page, so a style document cannot inject CSS or markup.
/// </summary>
public sealed partial class EhrStyle(HttpClient http, ILogger<EhrStyle> log)
{
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The SMART style properties we honour and the CSS variable each sets.</summary>
    private static readonly (string Property, string Variable)[] Honoured =
    [
        ("color_background", "--ehr-background"),
        ("color_text", "--ehr-text"),
        ("color_highlight", "--ehr-highlight"),
        ("color_modal_backdrop", "--ehr-backdrop"),
        ("color_border", "--ehr-border"),
        ("font_family", "--ehr-font"),
        ("font_family_body", "--ehr-font-body"),
        ("font_family_heading", "--ehr-font-heading"),
        ("dim_border_radius", "--ehr-radius"),
    ];

    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    /// <summary>A <c>:root{...}</c> rule of the honoured variables, or "" when there is no style or it cannot be had.</summary>
    public async Task<string> CssAsync(string? styleUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(styleUrl) || !Uri.TryCreate(styleUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return "";
        if (_cache.TryGetValue(styleUrl, out var known)) return known;
        var css = "";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(FetchTimeout);
            using var response = await http.GetAsync(uri, timeout.Token);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentLength is null or < 64 * 1024)
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
                css = Css(json.RootElement);
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            log.LogInformation("The EHR's style could not be used ({Reason}); the app's own look is kept", e.GetType().Name);
        }
        if (_cache.Count < 100) _cache[styleUrl] = css;
        return css;
    }

    /// <summary>The CSS rule for a style JSON object; values that are not plain colours, lengths or font names are left out.</summary>
    public static string Css(JsonElement style)
    {
        if (style.ValueKind != JsonValueKind.Object) return "";
        var rule = new StringBuilder();
        foreach (var (property, variable) in Honoured)
            if (style.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 100 } text && SafeValue().IsMatch(text))
                rule.Append(variable).Append(':').Append(text).Append(';');
        return rule.Length == 0 ? "" : $":root{{{rule}}}";
    }

    // Colours (#abc, rgb(…), names), lengths (4px) and font lists ("Open Sans", Arial, sans-serif): no ; { } < > \ or url(.
    [GeneratedRegex("""^(?!.*url\()[#A-Za-z0-9 ,.%()'"-]+$""")]
    private static partial Regex SafeValue();
}
