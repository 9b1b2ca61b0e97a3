namespace BackorderDesk.Features.Verify;

public static class VerifyRegistration
{
    /// <summary>The <c>verify</c> command's checks (one scope per run).</summary>
    public static IServiceCollection AddVerify(this IServiceCollection services) =>
        services
            .AddScoped<WarehouseVerifier>();
}
