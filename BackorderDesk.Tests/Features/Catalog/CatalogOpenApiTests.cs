namespace BackorderDesk.Tests.Features.Catalog;

public sealed class CatalogOpenApiTests
{
    [Fact]
    public async Task The_openapi_document_lists_the_catalog_and_supply_routes()
    {
        await using var app = CatalogHost.Create();

        var document = await (await app.CreateClientWithKey(null).GetUrlAsync("/openapi/v1.json")).JsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/suppliers", "/api/suppliers/{code}", "/api/clients", "/api/skus", "/api/skus/{sku}", "/api/skus/{sku}/queue",
            "/api/availability/{sku}", "/api/purchase-orders", "/api/purchase-orders/{number}", "/api/purchase-orders/{number}/lines/{sku}",
            "/api/adjustments",
        ];
        Assert.All(expected, p => Assert.Contains(p, paths));
    }
}
