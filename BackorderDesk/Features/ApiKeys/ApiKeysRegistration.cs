namespace BackorderDesk.Features.ApiKeys;

public static class ApiKeysRegistration
{
    /// <summary>Keys created in the UI: the Admin's use cases and the lookup API-key authentication asks.</summary>
    public static IServiceCollection AddApiKeyAdministration(this IServiceCollection services) =>
        services
            .AddSingleton<ApiKeyDirectory>()
            .AddSingleton<ListApiKeys>()
            .AddSingleton<CreateApiKey>()
            .AddSingleton<RevokeApiKey>();
}
