using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Kyoten.Controller.Identity;

internal static class IdentityExtensions
{
    public const string AdminPolicy = "admin";

    public static void AddKyotenIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/login";
            options.Cookie.Name = "kyoten.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        builder.Services.AddIdentityCore<AdminUser>(options =>
            {
                options.Password.RequiredLength = 12;
                // Length, not composition rules (NIST SP 800-63B).
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.User.RequireUniqueEmail = false;
                // Repeated failed sign-ins lock the account for a while instead of allowing guessing.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<KyotenDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        builder.Services.AddAuthorizationBuilder()
            // Every page and endpoint needs a signed-in user unless it says otherwise.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(KyotenRoles.Admin));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AdminBootstrapper>();
    }

    public static void MapKyotenAccount(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<AdminUser> signIn) =>
        {
            await signIn.SignOutAsync().ConfigureAwait(false);
            return Results.LocalRedirect("/login");
        });
    }
}
