namespace BackorderDesk.Domain;

/// <summary>A customer who wants to hear when a StopSelling SKU is back in stock; told once.</summary>
public sealed class RestockSubscription
{
    private RestockSubscription()
    {
    }

    public RestockSubscription(Sku sku, string email, DateTime createdAt)
    {
        if (sku.Policy != SellingPolicy.StopSelling)
        {
            throw new DomainException($"{sku.Code} is {sku.Policy}: restock notices are for SKUs that are not sold on backorder (StopSelling).", "sku");
        }

        Sku = sku;
        SkuId = sku.Id;
        Email = email;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public int SkuId { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public string Email { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? NotifiedAt { get; private set; }

    public void MarkNotified(DateTime at) => NotifiedAt = at;
}
