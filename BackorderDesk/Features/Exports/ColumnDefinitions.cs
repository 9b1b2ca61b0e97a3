namespace BackorderDesk.Features.Exports;

/// <summary>What the figure columns mean (docs/rules.md), for each workbook's About sheet.</summary>
public static class ColumnDefinitions
{
    public static readonly KeyValuePair<string, string>[] Backorders =
    [
        new("Waiting", "Open units of the line (ordered − shipped − cancelled) not yet allocated: the units on backorder."),
        new("Allocated", "Units on hand promised to this line, not yet shipped."),
        new("Age (days)", "Whole days since the line first went on backorder."),
        new("ETA from / ETA to", "The range the line is promised: the first open PO date whose inbound covers the queue ahead plus the line, plus handling, widened by the supplier's P50–P90 lateness; without covering inbound, today + lead time, unconfirmed."),
        new("ETA confirmed", "yes when an open purchase order covers the line; no when the ETA comes from the lead time."),
        new("Rolling backorder", "yes when the line's ETA has moved later two or more times."),
        new("Priority", "Queue order: Expedite before KeyAccount before Standard, then first come, first served."),
    ];

    public static readonly KeyValuePair<string, string>[] Stock =
    [
        new("On hand", "Physical units: the sum of the SKU's stock ledger."),
        new("Allocated", "Units on hand promised to order lines, not yet shipped."),
        new("Available", "On hand − allocated."),
        new("On order", "Open purchase-order quantity not yet received."),
        new("Backordered", "Open order quantity with no allocation yet (the waiting demand)."),
        new("Reorder point", "ROP = d̄ · L + SS, rounded up; a manual reorder point overrides it."),
        new("Safety stock", "SS = z · √(L · σd² + d̄² · σL²), rounded up; a manual safety stock overrides it."),
        new("Inventory position", "Available + on order − backordered. The SKU needs ordering when it is at or below the reorder point."),
        new("Unit cost", "Cost of one unit, used for ABC class and open PO value."),
    ];

    public static readonly KeyValuePair<string, string>[] Reorder =
    [
        new("Inventory position", "Available + on order − backordered."),
        new("Reorder point", "ROP = d̄ · L + SS (d̄ mean daily demand over 90 days, L mean lead time in days), rounded up; manual values override."),
        new("Safety stock", "SS = z · √(L · σd² + d̄² · σL²), z from the service level (A 98%, B 95%, C 90% unless overridden)."),
        new("Suggested qty", "Brings the inventory position up to ROP + d̄ · review days, at least the MOQ, rounded up to the case pack."),
        new("Manual", "yes when the reorder point or safety stock is set by hand."),
    ];

    public static readonly KeyValuePair<string, string>[] Kpis =
    [
        new("Backorder rate", "Orders placed in the period with at least one line not fully allocated at placement ÷ orders placed in the period × 100 (target below 5%)."),
        new("Current backorder rate", "Open orders with any backordered quantity ÷ open orders × 100, now."),
        new("Line fill rate", "Lines fully allocated at placement ÷ lines placed × 100."),
        new("Perfect order rate", "Orders shipped complete, by their promised date, with nothing cancelled ÷ orders shipped in the period × 100."),
        new("Average backorder age (days)", "Mean days since a line went on backorder, over lines still waiting."),
        new("Time to fill (days)", "Mean days from backordered to fully allocated, over lines filled in the period."),
        new("Backorder cancellation rate", "Backordered lines cancelled ÷ lines that went on backorder × 100."),
        new("ETA accuracy", "Backordered lines shipped by their first quoted ETA ÷ backordered lines shipped × 100."),
        new("Daily: backorder rate", "The backorder rate of the orders placed on that day; empty on a day without orders."),
    ];

    public static readonly KeyValuePair<string, string>[] Suppliers =
    [
        new("On-time rate", "Receipts by the first promised date ÷ receipts × 100. A receipt is a PO line whose last open unit arrived."),
        new("Lateness mean / σ (days)", "Days between receipt and the first promised date, early receipts counting as zero: mean and population standard deviation."),
        new("Lateness P50 / P90 (days)", "The 50th and 90th percentiles of that lateness: the range every ETA from this supplier is widened by."),
        new("Lead time mean / σ (days)", "Receipt date − order date over received lines: mean and population standard deviation (σL)."),
        new("Open value", "Open PO units × the SKU's unit cost."),
        new("Backordered units", "Units waiting on SKUs this supplier supplies."),
    ];

    public static readonly KeyValuePair<string, string>[] PurchaseOrders =
    [
        new("Open", "Units still to receive: ordered − received − cancelled."),
        new("Late lines", "Open lines whose expected date has passed."),
        new("Next expected", "Earliest expected date of an open line."),
        new("Open value", "Open units × the SKU's unit cost."),
    ];
}
