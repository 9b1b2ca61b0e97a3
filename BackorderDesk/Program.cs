using BackorderDesk.Hosting;

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
