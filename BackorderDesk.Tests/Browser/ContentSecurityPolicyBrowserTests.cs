using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Browser;

/// <summary>
/// The Content-Security-Policy the app sends lets Blazor Server and MudBlazor run: every page
/// becomes interactive (the circuit connected over the same origin, the import map and the module
/// scripts ran) and Chromium reports no violation, neither as a <c>securitypolicyviolation</c>
/// event nor on the console.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser)
{
    // Runs before any script of the page (Playwright injects it outside the page's CSP).
    private const string RecordViolations =
        """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    public static TheoryData<string> Pages =>
    [
        "/", "/receiving", "/backorders", "/stock", "/customer-service", "/planning", "/purchase-orders", "/suppliers",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_becomes_interactive_under_the_policy_without_a_violation(string path)
    {
        var context = await browser.NewContextAsync();
        try
        {
            await context.AddInitScriptAsync(RecordViolations);
            var page = await context.NewPageAsync();
            var console = new List<string>();
            page.Console += (_, message) => console.Add(message.Text);
            var sockets = new List<string>();
            page.WebSocket += (_, socket) => sockets.Add(socket.Url);

            var response = await page.GotoAsync(path);
            await BrowserFixture.WaitForInteractiveAsync(page);

            // The policy is really in force on the page (not a pass by absence).
            var policy = await response!.HeaderValueAsync("content-security-policy");
            Assert.NotNull(policy);
            Assert.Contains("script-src 'self' 'nonce-", policy);
            Assert.Contains("frame-ancestors 'none'", policy);

            // The circuit uses its WebSocket (connect-src), not a fallback transport after a refusal.
            Assert.Contains(sockets, url => url.Contains("/_blazor", StringComparison.Ordinal));

            var violations = await page.EvaluateAsync<string[]>("window.__cspViolations");
            Assert.Empty(violations);
            Assert.DoesNotContain(console, text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_inline_script_without_the_nonce_is_refused_and_reported()
    {
        // Proves the recorder above sees violations: the same page with a script the policy does not admit.
        var context = await browser.NewContextAsync();
        try
        {
            await context.AddInitScriptAsync(RecordViolations);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);

            await page.EvaluateAsync(
                """
                () => new Promise(resolve => {
                    document.addEventListener('securitypolicyviolation', () => resolve(), { once: true });
                    const script = document.createElement('script');
                    script.textContent = 'window.__injected = true;';
                    document.body.appendChild(script);
                })
                """);

            Assert.False(await page.EvaluateAsync<bool>("window.__injected === true"));
            var violations = await page.EvaluateAsync<string[]>("window.__cspViolations");
            Assert.Contains(violations, v => v.StartsWith("script-src", StringComparison.Ordinal));
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
