using System.Net.Mail;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Orders;

/// <summary>
/// Checks shared by the order use cases. Enum fields arrive as text and are parsed here, so that a
/// wrong value is a 400 keyed by its field ("shipPolicy must be one of …"), not a JSON error.
/// </summary>
internal static class OrderInput
{
    public static InputCheck Choice<TEnum>(this InputCheck check, string field, string? value, bool required, out TEnum? parsed)
        where TEnum : struct, Enum
    {
        parsed = null;
        var names = string.Join(", ", Enum.GetNames<TEnum>());
        if (string.IsNullOrWhiteSpace(value))
        {
            return check.That(!required, field, $"{field} is required: one of {names}.");
        }

        // Names only: Enum.TryParse would also take "1" or "0, 2".
        var match = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return check.That(false, field, $"{field} must be one of {names}; '{Shorten(value)}' is not.");
        }

        parsed = Enum.Parse<TEnum>(match);
        return check;
    }

    public static InputCheck Email(this InputCheck check, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return check;
        }

        var email = value.Trim();
        var valid = email.Length <= 200
            && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            && email.IndexOf('@') is > 0 and var at
            && at == email.LastIndexOf('@')
            && email.IndexOf('.', at) > at + 1
            && !email.EndsWith('.')
            && MailAddress.TryCreate(email, out var parsed)
            && parsed.Address == email;
        return check.That(valid, field, $"{field} must be an email address such as name@example.com (at most 200 characters).");
    }

    public static InputCheck LineNumber(this InputCheck check, string field, int value) =>
        check.That(value >= 1, field, $"{field} must be a line number from 1.");

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
