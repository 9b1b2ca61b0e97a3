using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// Who may open what: every page, API route, export and the hub, for each desk role, anonymous callers
/// and the API keys. The expected tables are written out here by hand (README's role table), not
/// derived from the product's policies, so a policy that admits the wrong role fails a cell. Each
/// test checks its whole table and reports every wrong cell at once.
/// </summary>
public sealed class RoleAccessTests(RoleAccessTests.Desk desk) : IClassFixture<RoleAccessTests.Desk>
{
    private const string Admin = DeskRoles.Admin;
    private const string Manager = DeskRoles.Manager;
    private const string Receiver = DeskRoles.Receiver;
    private const string Agent = DeskRoles.Agent;
    private const string Planner = DeskRoles.Planner;

    private static readonly string[] Roles = [Admin, Manager, Receiver, Agent, Planner];

    /// <summary>Page route → the desk roles that may open it (data arranged by <see cref="Desk"/>).</summary>
    private static readonly (string Route, string[] Allowed)[] Pages =
    [
        ("/", [Admin, Manager, Planner]),
        ("/receiving", [Admin, Manager, Receiver]),
        ("/backorders", [Admin, Manager, Planner]),
        ("/backorders/TENT", [Admin, Manager, Planner]),
        ("/stock", [Admin, Manager, Planner, Receiver]),
        ("/stock/TENT", [Admin, Manager, Planner, Receiver]),
        ("/purchase-orders", [Admin, Manager, Planner]),
        ("/purchase-orders/PO-1", [Admin, Manager, Planner]),
        ("/suppliers", [Admin, Manager, Planner]),
        ("/suppliers/SUP-1", [Admin, Manager, Planner]),
        ("/planning", [Admin, Manager, Planner]),
        ("/customer-service", [Admin, Manager, Agent]),
        ("/customer-service/orders/SO-1", [Admin, Manager, Agent]),
        ("/admin/users", [Admin]),
        ("/admin/api-keys", [Admin]),
        ("/audit", [Admin]),
    ];

    /// <summary>Every GET of the API, on data that exists: with a cookie, the read-everything roles only.</summary>
    private static readonly string[] ApiReads =
    [
        "/api/suppliers",
        "/api/suppliers/SUP-1",
        "/api/clients/DEFAULT",
        "/api/skus/TENT",
        "/api/skus/TENT/queue",
        "/api/skus/TENT/planning",
        "/api/skus/TENT/what-if?qty=1",
        "/api/availability/TENT",
        "/api/purchase-orders/PO-1",
        "/api/orders/SO-1",
        "/api/orders?query=Ann",
        "/api/kpis",
        "/api/kpis/daily",
        "/api/reorder-alerts",
    ];

    private static readonly string[] ApiReaders = [Admin, Manager, Planner];

    /// <summary>Every write of the API, each with a body that an Integration key would have had accepted.</summary>
    private static readonly (HttpMethod Method, string Route, string? Json)[] ApiWrites =
    [
        (HttpMethod.Post, "/api/suppliers", """{"code":"SUP-NEW","name":"New supplier"}"""),
        (HttpMethod.Post, "/api/clients", """{"code":"CL-NEW","name":"New client"}"""),
        (HttpMethod.Post, "/api/skus", """{"sku":"NEW-1","name":"New SKU","policy":"Backorderable"}"""),
        (HttpMethod.Put, "/api/skus/TENT", """{"sku":"TENT","name":"Renamed tent","policy":"StopSelling"}"""),
        (HttpMethod.Post, "/api/purchase-orders", """{"number":"PO-NEW","supplier":"SUP-1","lines":[{"sku":"TENT","qty":1,"expectedDate":"2026-12-22"}]}"""),
        (HttpMethod.Patch, "/api/purchase-orders/PO-1/lines/TENT", """{"expectedDate":"2026-12-28"}"""),
        (HttpMethod.Post, "/api/purchase-orders/PO-1/lines/TENT/cancel", null),
        (HttpMethod.Post, "/api/purchase-orders/import", null),
        (HttpMethod.Post, "/api/orders", """{"number":"SO-NEW","customer":{"code":"C-NEW","name":"Bo","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}"""),
        (HttpMethod.Post, "/api/orders/SO-1/lines/1/cancel", """{"qty":1}"""),
        (HttpMethod.Post, "/api/orders/SO-1/priority", """{"priority":"Expedite"}"""),
        (HttpMethod.Post, "/api/orders/SO-1/lines/1/hold", """{"reason":"payment"}"""),
        (HttpMethod.Post, "/api/orders/SO-1/lines/1/release", null),
        (HttpMethod.Post, "/api/receipts", """{"scanId":"R-COOKIE","sku":"TENT","qty":1}"""),
        (HttpMethod.Post, "/api/shipments", """{"orderNumber":"SO-1"}"""),
        (HttpMethod.Post, "/api/adjustments", """{"sku":"TENT","qtyDelta":1,"reason":"found one"}"""),
        (HttpMethod.Post, "/api/skus/TENT/restock-subscriptions", """{"email":"ann@example.com"}"""),
    ];

    /// <summary>Export name → the desk roles that may download it.</summary>
    private static readonly (string Name, string[] Allowed)[] Exports =
    [
        ("backorders", [Admin, Manager, Planner]),
        ("stock", [Admin, Manager, Planner, Receiver]),
        ("reorder", [Admin, Manager, Planner]),
        ("kpis", [Admin, Manager, Planner]),
        ("suppliers", [Admin, Manager, Planner]),
        ("purchase-orders", [Admin, Manager, Planner]),
        ("audit", [Admin]),
        ("purchase-order-template", [Admin, Manager, Planner]),
    ];

    [Fact]
    public async Task Every_page_answers_each_role_by_the_role_table_and_sends_anonymous_callers_to_sign_in()
    {
        var wrong = new List<string>();
        var cells = 0;
        foreach (var (route, allowed) in Pages)
        {
            foreach (var role in Roles)
            {
                cells++;
                var response = await desk.SignedIn[role].GetAsync(route, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                var expected = allowed.Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                if (response.StatusCode != expected)
                {
                    wrong.Add($"{route} as {role}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");
                }
                else if (expected == HttpStatusCode.OK && (!body.Contains("<html", StringComparison.OrdinalIgnoreCase) || body.Contains(NoAccessText, StringComparison.Ordinal)))
                {
                    wrong.Add($"{route} as {role}: 200, but not the prerendered page");
                }
            }

            cells++;
            var anonymous = await desk.Anonymous.GetAsync(route, Ct);
            var location = anonymous.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";
            var signIn = $"{DeskAuthentication.SignInPath}?ReturnUrl={Uri.EscapeDataString(route)}";
            if (anonymous.StatusCode != HttpStatusCode.Redirect || location != signIn)
            {
                wrong.Add($"{route} anonymous: expected 302 to {signIn}, got {(int)anonymous.StatusCode} {location}");
            }
        }

        Assert.Equal(Pages.Length * (Roles.Length + 1), cells);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells} cells wrong:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public async Task Api_reads_admit_the_read_everything_roles_and_refuse_the_others_and_anonymous_callers()
    {
        var wrong = new List<string>();
        var cells = 0;
        foreach (var route in ApiReads)
        {
            foreach (var role in Roles)
            {
                cells++;
                var response = await desk.SignedIn[role].GetAsync(route, Ct);
                var expected = ApiReaders.Contains(role) ? 200 : 403;
                await CheckAsync(wrong, $"GET {route} as {role}", response, expected);
            }

            cells++;
            await CheckAsync(wrong, $"GET {route} anonymous", await desk.Anonymous.GetAsync(route, Ct), 401);
        }

        Assert.Equal(ApiReads.Length * (Roles.Length + 1), cells);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells} cells wrong:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public async Task Api_writes_need_a_key_every_signed_in_role_gets_403_anonymous_callers_401_and_nothing_changes()
    {
        var before = await desk.SnapshotAsync();
        var wrong = new List<string>();
        var cells = 0;
        foreach (var (method, route, json) in ApiWrites)
        {
            foreach (var role in Roles)
            {
                cells++;
                await CheckAsync(wrong, $"{method} {route} as {role}", await desk.SignedIn[role].SendAsync(Request(method, route, json), Ct), 403);
            }

            cells++;
            await CheckAsync(wrong, $"{method} {route} anonymous", await desk.Anonymous.SendAsync(Request(method, route, json), Ct), 401);
        }

        Assert.Equal(ApiWrites.Length * (Roles.Length + 1), cells);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells} cells wrong:\n{string.Join("\n", wrong)}");
        Assert.Equal(before, await desk.SnapshotAsync());
    }

    [Fact]
    public async Task Api_keys_keep_their_roles_integration_writes_scanner_receives_and_read_only_reads()
    {
        // Key role → (GET a SKU, POST a receipt, POST a supplier, the stock export).
        (string Key, int Read, int Receipt, int Write)[] table =
        [
            (ApiRoles.Integration, 200, 200, 201),
            (ApiRoles.Scanner, 200, 200, 403),
            (ApiRoles.ReadOnly, 200, 403, 403),
        ];
        var wrong = new List<string>();
        foreach (var (key, read, receipt, write) in table)
        {
            var client = desk.App.CreateClientWithKey(DeskTestHost.KeyFor(key));
            await CheckAsync(wrong, $"GET /api/skus/TENT with {key}", await client.GetAsync("/api/skus/TENT", Ct), read);
            await CheckAsync(wrong, $"GET /api/orders/SO-1 with {key}", await client.GetAsync("/api/orders/SO-1", Ct), read);
            await CheckAsync(wrong, $"POST /api/receipts with {key}", await client.SendAsync(Request(HttpMethod.Post, "/api/receipts", $$"""{"scanId":"KEY-{{key}}","sku":"TENT","qty":1}"""), Ct), receipt);
            await CheckAsync(wrong, $"POST /api/suppliers with {key}", await client.SendAsync(Request(HttpMethod.Post, "/api/suppliers", $$"""{"code":"SUP-{{key}}","name":"Supplier of {{key}}"}"""), Ct), write);
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {table.Length * 4} cells wrong:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public async Task Each_export_downloads_for_the_roles_its_page_admits_and_for_every_api_key()
    {
        var wrong = new List<string>();
        var cells = 0;
        foreach (var (name, allowed) in Exports)
        {
            var route = $"/api/exports/{name}.xlsx";
            foreach (var role in Roles)
            {
                cells++;
                var response = await desk.SignedIn[role].GetAsync(route, Ct);
                await CheckAsync(wrong, $"{route} as {role}", response, allowed.Contains(role) ? 200 : 403);
            }

            foreach (var key in ApiRoles.All)
            {
                cells++;
                await CheckAsync(wrong, $"{route} with {key}", await desk.App.CreateClientWithKey(DeskTestHost.KeyFor(key)).GetAsync(route, Ct), 200);
            }

            cells++;
            await CheckAsync(wrong, $"{route} anonymous", await desk.Anonymous.GetAsync(route, Ct), 401);
        }

        Assert.Equal(Exports.Length * (Roles.Length + ApiRoles.All.Length + 1), cells);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells} cells wrong:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public async Task The_hub_lets_the_read_everything_roles_listen_refuses_the_others_and_lets_only_scanning_keys_scan()
    {
        // Caller → (connects and joins all, may scan). Desk roles never scan: receipts through the hub are for devices.
        (string Caller, bool Connects, bool Scans)[] table =
        [
            (Admin, true, false),
            (Manager, true, false),
            (Planner, true, false),
            (Receiver, false, false),
            (Agent, false, false),
            (ApiRoles.Integration, true, true),
            (ApiRoles.Scanner, true, true),
            (ApiRoles.ReadOnly, true, false),
            ("anonymous", false, false),
        ];
        var wrong = new List<string>();
        foreach (var (caller, connects, scans) in table)
        {
            await using var hub = Connect(caller);
            try
            {
                await hub.StartAsync(Ct);
            }
            catch (HttpRequestException ex)
            {
                if (connects)
                {
                    wrong.Add($"{caller}: expected to connect, refused with {ex.StatusCode}");
                }
                else if (ex.StatusCode != (caller == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden))
                {
                    wrong.Add($"{caller}: refused, but with {ex.StatusCode}");
                }

                continue;
            }

            if (!connects)
            {
                wrong.Add($"{caller}: expected to be refused, connected");
                continue;
            }

            try
            {
                await hub.InvokeAsync("JoinAll", Ct);
            }
            catch (HubException ex)
            {
                wrong.Add($"{caller}: JoinAll refused: {ex.Message}");
            }

            var onHand = await desk.OnHandAsync();
            try
            {
                var answer = await hub.InvokeAsync<ReceiptAnswer>("Scan", $"HUB-{caller}", "B-TENT", 1, Ct);
                if (!scans)
                {
                    wrong.Add($"{caller}: Scan expected to be refused, answered applied={answer.Applied}");
                }
                else if (!answer.Applied || await desk.OnHandAsync() != onHand + 1)
                {
                    wrong.Add($"{caller}: Scan allowed but not applied");
                }
            }
            catch (HubException ex)
            {
                if (scans)
                {
                    wrong.Add($"{caller}: Scan expected to work, refused: {ex.Message}");
                }
                else if (await desk.OnHandAsync() != onHand)
                {
                    wrong.Add($"{caller}: Scan refused, but on hand changed");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {table.Length} callers wrong:\n{string.Join("\n", wrong)}");
    }

    private const string NoAccessText = "Your role cannot open this page";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HubConnection Connect(string caller) =>
        new HubConnectionBuilder()
            .WithUrl(
                new Uri(desk.App.Server.BaseAddress, ApiRoles.All.Contains(caller) ? $"{WarehouseHub.Path}?apiKey={DeskTestHost.KeyFor(caller)}" : WarehouseHub.Path),
                o =>
                {
                    o.HttpMessageHandlerFactory = _ => desk.App.Server.CreateHandler();
                    o.Transports = HttpTransportType.LongPolling;
                    if (desk.Cookies.TryGetValue(caller, out var cookies))
                    {
                        o.Headers["Cookie"] = cookies.GetCookieHeader(desk.App.Server.BaseAddress);
                    }
                })
            .Build();

    private static HttpRequestMessage Request(HttpMethod method, string route, string? json)
    {
        var request = new HttpRequestMessage(method, route);
        if (route.EndsWith("/import", StringComparison.Ordinal))
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("not really a workbook"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            request.Content = new MultipartFormDataContent { { file, "file", "po.xlsx" } };
        }
        else if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Records a wrong cell: another status, or a refusal that is not problem+json.</summary>
    private static async Task CheckAsync(List<string> wrong, string cell, HttpResponseMessage response, int expected)
    {
        var status = (int)response.StatusCode;
        if (status != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            wrong.Add($"{cell}: expected {expected}, got {status} {body[..Math.Min(body.Length, 160)]}");
        }
        else if (expected >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            wrong.Add($"{cell}: {status}, but {response.Content.Headers.ContentType?.MediaType} instead of application/problem+json");
        }
    }

    /// <summary>
    /// One app for the whole table: a supplier, a SKU with a barcode, a purchase order and an order that
    /// waits for it, all made through the API; and one cookie-keeping client signed in per desk role.
    /// </summary>
    public sealed class Desk : IAsyncLifetime
    {
        public DeskTestHost App { get; } = CatalogHost.Create();

        public Dictionary<string, HttpClient> SignedIn { get; } = [];

        public Dictionary<string, System.Net.CookieContainer> Cookies { get; } = [];

        public HttpClient Anonymous { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var api = App.Integration();
            await Created(api.PostJsonAsync("/api/suppliers", new { code = "SUP-1", name = "Northwind Supply", leadTimeDays = 10 }));
            await Created(api.PostJsonAsync("/api/skus", new { sku = "TENT", name = "Trail tent", policy = "Backorderable", supplier = "SUP-1", barcodes = new[] { "B-TENT" } }));
            await Created(api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "SUP-1", lines = new[] { new { sku = "TENT", qty = 50, expectedDate = "2026-12-20" } } }));
            await Created(api.PostJsonAsync("/api/orders", new
            {
                number = "SO-1",
                customer = new { code = "C-1", name = "Ann Archer", email = "ann@example.com", type = "Dtc" },
                shipPolicy = "ShipPartial",
                lines = new[] { new { sku = "TENT", qty = 2 } },
            }));
            var order = await (await api.GetUrlAsync("/api/orders/SO-1")).JsonAsync();
            Assert.Equal(2, order.GetProperty("lines")[0].GetProperty("waitingQty").GetInt32());

            Anonymous = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            foreach (var role in DeskRoles.All)
            {
                var cookies = new System.Net.CookieContainer();
                var client = App.CreateDefaultClient(new CookieContainerHandler(cookies));
                await DeskSignIn.SignInAsync(client, DeskSignIn.UserName(role), DeskSignIn.Password);
                SignedIn[role] = client;
                Cookies[role] = cookies;
            }
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();

        public async Task<int> OnHandAsync()
        {
            await using var db = App.CreateDbContext();
            return await db.Skus.Where(s => s.Code == "TENT").Select(s => s.OnHand).SingleAsync(Ct);
        }

        /// <summary>The product's tables, plus what the catalog snapshot leaves out: scans, subscriptions, holds, audit.</summary>
        public async Task<string> SnapshotAsync()
        {
            await using var db = App.CreateDbContext();
            var extra = string.Join(",",
                await db.ReceiptScans.CountAsync(Ct),
                await db.RestockSubscriptions.CountAsync(Ct),
                await db.AuditTrail.CountAsync(Ct),
                await db.Customers.CountAsync(Ct));
            var order = await (await App.Integration().GetUrlAsync("/api/orders/SO-1")).Content.ReadAsStringAsync(Ct);
            return $"{await App.SnapshotAsync()}\n{extra}\n{order}";
        }

        private static async Task Created(Task<HttpResponseMessage> request)
        {
            var response = await request;
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"Arranging failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }
}
