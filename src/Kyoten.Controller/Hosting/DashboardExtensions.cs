using Kyoten.Controller.Components;

namespace Kyoten.Controller.Hosting;

internal static class DashboardExtensions
{
    public static void AddKyotenDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
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
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapKyotenDashboard(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
