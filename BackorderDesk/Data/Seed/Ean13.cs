namespace BackorderDesk.Data.Seed;

/// <summary>EAN-13 barcodes: a GS1 prefix, a serial, and the standard mod-10 check digit.</summary>
internal static class Ean13
{
    public static string Create(string prefix, long serial)
    {
        var body = prefix + serial.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(12 - prefix.Length, '0');
        if (body.Length != 12)
        {
            throw new ArgumentOutOfRangeException(nameof(serial), "The prefix and serial do not fit in 12 digits.");
        }

        return body + CheckDigit(body);
    }

    /// <summary>Weights 1 and 3 alternate from the left over the first 12 digits; the check digit tops the sum up to a multiple of 10.</summary>
    public static char CheckDigit(string twelveDigits)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (twelveDigits[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
