namespace BackorderDesk.Features.Exports;

public static class WorkbookRegistration
{
    /// <summary>
    /// The catalog <c>GET /api/exports/{name}.xlsx</c> finds workbooks in. Each workbook is its feature's
    /// own and registered by that feature (as <see cref="IWorkbook"/>, a singleton reading through the
    /// DbContext factory like the use cases it calls).
    /// </summary>
    public static IServiceCollection AddExports(this IServiceCollection services) =>
        services.AddSingleton<Workbooks>();
}
