using Bunit;
using Kyoten.Controller.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Kyoten.Dashboard.Tests.Components;

/// <summary>bUnit with MudBlazor, the real string tables, a fake clock and the fake query layer.</summary>
internal static class DashboardContext
{
    public static BunitContext Create(FakeFleetQueries queries, out FleetSignal signal)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));
        signal = new FleetSignal();
        context.Services.AddSingleton(signal);
        context.Services.AddSingleton<IFleetQueries>(queries);
        context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return context;
    }
}
