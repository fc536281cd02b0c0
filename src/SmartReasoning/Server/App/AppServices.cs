using SmartReasoning.Launch;

namespace SmartReasoning.Server.App;

/// <summary>Puts the app's parts into the DI container (after the review flow, <see cref="Review.ReviewServices"/>).</summary>
public static class AppServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<AppReviews>();
        services.AddSingleton(sp => new EhrStyle(sp.GetRequiredKeyedService<HttpClient>(LaunchServices.HttpClientKey), sp.GetRequiredService<ILogger<EhrStyle>>()));
        services.AddSingleton<AppEndpoints>();
    }
}
