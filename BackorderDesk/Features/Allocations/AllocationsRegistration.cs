namespace BackorderDesk.Features.Allocations;

public static class AllocationsRegistration
{
    /// <summary>The what-if of a receipt: where arriving units would go, without writing.</summary>
    public static IServiceCollection AddAllocations(this IServiceCollection services) =>
        services
            .AddSingleton<WhatIfReceipt>();
}
