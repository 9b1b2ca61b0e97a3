using MudBlazor;

namespace BackorderDesk.Components.Layout;

/// <summary>
/// The BackorderDesk colours: a deep parcel blue for structure and an amber accent for what waits.
/// Dark mode keeps the same hues, lightened so that text on them stays readable.
/// </summary>
public static class BrandTheme
{
    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5f8b",
            Secondary = "#b45309",
            Tertiary = "#0f766e",
            Info = "#2b77ad",
            // Amber dark enough for white text on a filled chip and for amber text on the page (≥ 4.5:1).
            Warning = "#a16207",
            Error = "#c0392b",
            Success = "#2e7d32",
            AppbarBackground = "#1f5f8b",
            AppbarText = "#ffffff",
            Background = "#f4f6f9",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1b2733",
            DrawerIcon = "#1f5f8b",
            TextPrimary = "#1b2733",
            TextSecondary = "#4f5d6b",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6fb3e0",
            Secondary = "#fbbf24",
            Tertiary = "#5eead4",
            Info = "#7cc0ec",
            Warning = "#f59e0b",
            // The dark theme's colours are light, so text on them is dark (white on them is about 2:1).
            PrimaryContrastText = "#10161d",
            SecondaryContrastText = "#10161d",
            TertiaryContrastText = "#10161d",
            InfoContrastText = "#10161d",
            WarningContrastText = "#10161d",
            ErrorContrastText = "#10161d",
            SuccessContrastText = "#10161d",
            Error = "#f28b82",
            Success = "#81c995",
            AppbarBackground = "#18212b",
            AppbarText = "#e6edf3",
            Background = "#10161d",
            Surface = "#18212b",
            DrawerBackground = "#141c24",
            DrawerText = "#e6edf3",
            DrawerIcon = "#6fb3e0",
            TextPrimary = "#e6edf3",
            TextSecondary = "#a7b3bf",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
