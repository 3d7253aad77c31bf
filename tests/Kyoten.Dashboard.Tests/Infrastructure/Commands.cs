using System.Security.Claims;
using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard's command layer acting as a given user, as a circuit of that user would.</summary>
internal static class Commands
{
    public static DashboardCommands For(IServiceProvider services, string role, string user) => new(
        services.GetRequiredService<IServiceScopeFactory>(),
        new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, role)], "test"))),
        services.GetRequiredService<IAuthorizationService>(),
        services.GetRequiredService<FleetSignal>());

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
