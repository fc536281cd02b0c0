using System.Net;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>HTML encoding for everything that comes from data (resources, cards, services): text and attribute values alike.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A URL component (path segment or query value), then HTML-encoded for an attribute.</summary>
    public static string U(string? value) => Uri.EscapeDataString(value ?? "");
}
