using BackorderDesk.Data;
using Microsoft.AspNetCore.Identity;

namespace BackorderDesk.Features.Accounts;

public static class AccountsRegistration
{
    /// <summary>Passwords shorter than this are refused, whoever sets them.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>Failed sign-ins in a row before an account is locked out for a while.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>
    /// ASP.NET Core Identity's user and role managers over the warehouse database: passwords of at
    /// least <see cref="MinPasswordLength"/> characters (length over composition rules), lockout after
    /// <see cref="MaxFailedSignIns"/> failures. Sign-in itself (cookies, the sign-in manager) is added
    /// where the sign-in pages are composed.
    /// </summary>
    public static IdentityBuilder AddDeskUsers(this IServiceCollection services) =>
        services.AddIdentityCore<DeskUser>(o =>
            {
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<WarehouseDbContext>();

    /// <summary>The Admin's use cases on users (the /admin/users page).</summary>
    public static IServiceCollection AddUserAdministration(this IServiceCollection services) =>
        services
            .AddSingleton<UserAccounts>()
            .AddSingleton<ListDeskUsers>()
            .AddSingleton<CreateDeskUser>()
            .AddSingleton<ChangeDeskUser>();
}
