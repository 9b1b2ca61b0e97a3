using Microsoft.EntityFrameworkCore.Design;

namespace BackorderDesk.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app: SQLite by default,
/// PostgreSQL with <c>-- --provider Postgres</c> (then also pass <c>--output-dir Data/Migrations/Postgres
/// --namespace BackorderDesk.Data.Migrations.Postgres</c>; its snapshot is
/// <c>PostgresWarehouseModelSnapshot</c>, so the two snapshots never overwrite each other). No database is opened.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<WarehouseDbContext>
{
    public WarehouseDbContext CreateDbContext(string[] args)
    {
        var at = Array.IndexOf(args, "--provider");
        var provider = DatabaseProvider.Checked(at >= 0 && at + 1 < args.Length ? args[at + 1] : null);
        var connectionString = provider == DatabaseProvider.Sqlite ? "Data Source=design.db" : "Host=localhost;Database=design";
        return DatabaseProvider.CreateContext(provider, connectionString);
    }
}
