using System.Net;
using BackorderDesk.Data;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Hosting;

/// <summary>Two app instances on one database sign cookies with the keys kept in that database.</summary>
public sealed class SharedDataProtectionTests
{
    [Fact]
    public async Task A_cookie_signed_by_one_instance_is_accepted_by_another_on_the_same_database_and_by_no_other()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = new DeskTestHost();
        await using var second = new DeskTestHost { Settings = { [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = first.ConnectionString } };
        await using var elsewhere = new DeskTestHost();
        var cookie = await first.SignInCookieAsync(DeskRoles.Manager);

        var onSecond = await GetDashboardAsync(second, cookie, ct);
        var onElsewhere = await GetDashboardAsync(elsewhere, cookie, ct);

        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, onElsewhere.StatusCode);
        Assert.Contains("/account/sign-in", onElsewhere.Headers.Location?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
        await using var db = first.CreateDbContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync(ct));
    }

    private static async Task<HttpResponseMessage> GetDashboardAsync(DeskTestHost host, string cookie, CancellationToken ct)
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync("/", ct);
    }
}
