namespace BackorderDesk.Features.Receiving;

public static class ReceivingRegistration
{
    /// <summary>Scanning arriving units: the scan use case (API, hub and page) and each station's recent scans.</summary>
    public static IServiceCollection AddReceiving(this IServiceCollection services) =>
        services
            .AddSingleton<ReceiveScan>()
            .AddSingleton<StationScans>();
}
