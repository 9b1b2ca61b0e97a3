using BackorderDesk.Features.CopyToPostgres;
using BackorderDesk.Hosting;

// Before the web host: the copy is told its two databases on the command line, not by configuration.
if (args is [CopyToPostgresCommand.Name, .. var copyArguments])
{
    return await CopyToPostgresCommand.RunAsync(copyArguments, Console.Out, TimeProvider.System, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddBackorderDesk();

var app = builder.Build();

if (args is ["verify", ..])
{
    return await app.RunVerifyCommandAsync();
}

await app.PrepareDatabaseAsync();
app.UseBackorderDesk();
await app.RunAsync();
return 0;
