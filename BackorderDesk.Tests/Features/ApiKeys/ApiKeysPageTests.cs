using BackorderDesk.Features.ApiKeys;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BackorderDesk.Tests.Features.ApiKeys;

/// <summary>The API keys page: a new key is shown once, and the list never shows a key.</summary>
public sealed class ApiKeysPageTests : MudBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public ApiKeysPageTests()
    {
        Services.AddOptions<BackorderDeskOptions>().Configure(o => o.ApiKeys.Add(new ApiKeyOptions { Name = "webshop", Key = "configured-secret", Role = ApiRoles.Integration }));
        Services.AddApiKeyAdministration();
        SignInAs("admin", "Demo admin", DeskRoles.Admin, [.. ManagerPolicies, Policies.Admin]);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_stored_as_a_hash_and_listed_by_its_prefix_only()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = RenderWithPopovers<BackorderDesk.Features.ApiKeys.ApiKeysPage>();
        page.WaitForAssertion(() => Assert.Contains("webshop", page.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("configured-secret", page.Markup, StringComparison.Ordinal);

        page.Find(".key-create").Click();
        dialogs.WaitForElement(".new-key-name input").Change("scanner-dock-1");
        dialogs.Find(".role-Scanner input").Click();
        dialogs.Find(".action-confirm").Click();

        var shown = dialogs.WaitForElement(".new-key-value input", Wait).GetAttribute("value") ?? "";
        Assert.StartsWith("bdk_", shown, StringComparison.Ordinal);
        await using (var db = Database.CreateDbContext())
        {
            var stored = await db.ApiKeys.SingleAsync(Xunit.TestContext.Current.CancellationToken);
            Assert.Equal(("scanner-dock-1", ApiRoles.Scanner), (stored.Name, stored.Role));
            Assert.NotEqual(shown, stored.Hash);
            Assert.DoesNotContain(shown, stored.Hash + stored.Prefix, StringComparison.Ordinal);
            Assert.StartsWith(stored.Prefix, shown, StringComparison.Ordinal);
        }

        dialogs.Find(".key-done").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.key-row[data-key='scanner-dock-1']")), Wait);
        Assert.DoesNotContain(shown, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, dialogs.Markup, StringComparison.Ordinal);
    }
}
