using System.Diagnostics;

namespace SmartReasoning.Server.Telemetry;

/// <summary>
/// A server span per request, since the ASP.NET Core instrumentation package is not available: named by the method
/// and the route template (<c>GET /api/patients/{id}/findings</c>), tagged with the method, route and status only.
/// Never the path or query string, which hold patient ids and authorization codes. Joins a caller's <c>traceparent</c>.
/// </summary>
public sealed class HttpServerTracing(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!SmartReasoningTelemetry.Source.HasListeners())
        {
            await next(http);
            return;
        }
        ActivityContext.TryParse(http.Request.Headers.TraceParent.ToString(), http.Request.Headers.TraceState.ToString(), isRemote: true, out var parent);
        using var activity = SmartReasoningTelemetry.Source.StartActivity(ActivityKind.Server, parent, name: http.Request.Method);
        if (activity is null)
        {
            await next(http);
            return;
        }
        activity.SetTag("http.request.method", http.Request.Method);
        try
        {
            await next(http);
        }
        finally
        {
            // The endpoint is known once routing has run (WebApplication routes before this middleware's next).
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            if (route is not null)
            {
                activity.DisplayName = $"{http.Request.Method} {(route.StartsWith('/') ? route : "/" + route)}";
                activity.SetTag("http.route", route);
            }
            var status = http.Response.StatusCode;
            activity.SetTag("http.response.status_code", status);
            if (status >= 500) activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
