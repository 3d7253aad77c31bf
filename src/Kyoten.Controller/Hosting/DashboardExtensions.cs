using System.Globalization;
using Kyoten.Controller.Components;
using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Kyoten.Controller.Hosting;

internal static class DashboardExtensions
{
    public static readonly string[] Cultures = ["en", "ja"];

    public static void AddKyotenDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization();
        builder.Services.AddSingleton<FleetSignal>();
        builder.Services.AddSingleton<CompiledFleetCache>();
        builder.Services.AddScoped<IFleetQueries, FleetQueries>();
        builder.Services.AddScoped<DashboardCommands>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddSingleton<AgentCommandBuilder>();
    }

    public static void UseKyotenPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // API and gRPC callers get bare status codes; only the dashboard gets the not-found page.
        app.UseWhen(
            context => !Identity.IdentityExtensions.IsApiPath(context.Request.Path) && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true,
            branch => branch.UseStatusCodePagesWithReExecute("/not-found"));
        // The culture cookie set by /culture picks the language; dates and numbers follow it.
        app.UseRequestLocalization(options =>
        {
            options.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapKyotenDashboard(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // The language picker: sets the culture cookie and goes back (local paths only).
        app.MapGet("/culture", (string culture, string? returnUrl, HttpContext context) =>
        {
            if (Cultures.Contains(culture, StringComparer.Ordinal))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture))),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true });
            }

            var local = returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
            return Results.LocalRedirect(local ? returnUrl! : "/");
        }).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
