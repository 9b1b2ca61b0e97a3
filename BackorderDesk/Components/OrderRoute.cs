namespace BackorderDesk.Components;

/// <summary>The order view's address for any accepted order number (which may contain '/', '?', '#' or spaces).</summary>
public static class OrderRoute
{
    public static string For(string number) => $"/customer-service/orders/{Uri.EscapeDataString(number)}";
}
