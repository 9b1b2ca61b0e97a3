using BackorderDesk.Features.CopyToPostgres;
using BackorderDesk.Features.Replay;
using BackorderDesk.Hosting;

// Before the web host: the copy is told its two databases on the command line, not by configuration.
if (args is [CopyToPostgresCommand.Name, .. var copyArguments])
{
    return await CopyToPostgresCommand.RunAsync(copyArguments, Console.Out, TimeProvider.System, CancellationToken.None);
}

// The replay builds its own warehouse on a simulated clock, with the app's services but no web host.
if (args is [ReplayCommand.Name, .. var replayArguments])
{
    return await ReplayCommand.RunAsync(replayArguments, Console.Out, CancellationToken.None);
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
