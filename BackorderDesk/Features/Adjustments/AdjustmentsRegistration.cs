namespace BackorderDesk.Features.Adjustments;

public static class AdjustmentsRegistration
{
    /// <summary>Stock adjustments and counts.</summary>
    public static IServiceCollection AddAdjustments(this IServiceCollection services) =>
        services
            .AddSingleton<AdjustStock>();
}
