using System.Security.Claims;
using Kyoten.Controller.Api;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Identity;
using Kyoten.Controller.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

/// <summary>
/// Every change the dashboard makes goes through here: the same handler methods the REST API maps
/// (same validation, audit and reconcile), behind the same admin policy, checked on the server
/// for the circuit's user. Hidden buttons are a convenience; this is the enforcement.
/// </summary>
internal sealed class DashboardCommands(
    IServiceScopeFactory scopes, AuthenticationStateProvider authentication, IAuthorizationService authorization, FleetSignal signal)
{
    public async Task<bool> IsAdminAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User;
        return (await authorization.AuthorizeAsync(user, IdentityExtensions.AdminPolicy).ConfigureAwait(false)).Succeeded;
    }

    public Task<CommandResult<SiteCreated>> CreateSiteAsync(SiteInput input, CancellationToken ct) =>
        RunAsync<SiteCreated>((sp, user) => SiteEndpoints.CreateAsync(input, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp),
            Get<IDataProtectionProvider>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<SiteView>> UpdateSiteAsync(Guid id, SiteInput input, CancellationToken ct) =>
        RunAsync<SiteView>((sp, user) => SiteEndpoints.UpdateAsync(id, input, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp),
            Get<IDataProtectionProvider>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<object>> DeleteSiteAsync(Guid id, CancellationToken ct) =>
        RunAsync<object>((sp, user) => SiteEndpoints.DeleteAsync(id, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), user, ct));

    public Task<CommandResult<EnrollmentTokenEndpoints.TokenCreated>> IssueTokenAsync(Guid siteId, int expiresInHours, CancellationToken ct) =>
        RunAsync<EnrollmentTokenEndpoints.TokenCreated>((sp, user) => EnrollmentTokenEndpoints.CreateAsync(siteId,
            new EnrollmentTokenEndpoints.TokenInput(1, expiresInHours), Db(sp), Get<CertificateAuthority>(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<object>> RevokeTokenAsync(Guid tokenId, CancellationToken ct) =>
        RunAsync<object>((sp, user) => EnrollmentTokenEndpoints.RevokeAsync(tokenId, Db(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<PolicyView>> UpdatePolicyAsync(Guid id, PolicyInput input, CancellationToken ct) =>
        RunAsync<PolicyView>((sp, user) => PolicyEndpoints.UpdateAsync(id, input, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<PolicyView>> CreatePolicyAsync(PolicyInput input, CancellationToken ct) =>
        RunAsync<PolicyView>((sp, user) => PolicyEndpoints.CreateAsync(input, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<object>> DeletePolicyAsync(Guid id, CancellationToken ct) =>
        RunAsync<object>((sp, user) => PolicyEndpoints.DeleteAsync(id, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), user, ct));

    /// <summary>The links editor names sites; an unknown name reaches the API's handler as a missing site and is refused there.</summary>
    public Task<CommandResult<TopologyEndpoints.LinkView>> AddLinkByNameAsync(string siteA, string siteB, CancellationToken ct) =>
        RunAsync<TopologyEndpoints.LinkView>(async (sp, user) =>
        {
            var db = Db(sp);
            var a = await db.Sites.Where(s => s.Name == siteA).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct).ConfigureAwait(false);
            var b = await db.Sites.Where(s => s.Name == siteB).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct).ConfigureAwait(false);
            return await TopologyEndpoints.AddLinkAsync(new TopologyEndpoints.LinkInput(a, b, null), db,
                Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct).ConfigureAwait(false);
        });

    public Task<CommandResult<object>> DeleteLinkAsync(Guid id, CancellationToken ct) =>
        RunAsync<object>((sp, user) => TopologyEndpoints.DeleteLinkAsync(id, Db(sp), Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), user, ct));

    public Task<CommandResult<TopologyEndpoints.TopologyInput>> SetTopologyAsync(string mode, CancellationToken ct) =>
        RunAsync<TopologyEndpoints.TopologyInput>((sp, user) => TopologyEndpoints.SetModeAsync(new TopologyEndpoints.TopologyInput(mode), Db(sp),
            Get<FleetReconciler>(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<ApiTokenEndpoints.ApiTokenCreated>> CreateApiTokenAsync(ApiTokenEndpoints.ApiTokenInput input, CancellationToken ct) =>
        RunAsync<ApiTokenEndpoints.ApiTokenCreated>((sp, user) => ApiTokenEndpoints.CreateAsync(input, Db(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<object>> RevokeApiTokenAsync(Guid id, CancellationToken ct) =>
        RunAsync<object>((sp, user) => ApiTokenEndpoints.RevokeAsync(id, Db(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    public Task<CommandResult<AgentEndpoints.AgentView>> RevokeAgentAsync(Guid id, CancellationToken ct) =>
        RunAsync<AgentEndpoints.AgentView>((sp, user) => AgentEndpoints.RevokeAsync(id, Db(sp), Get<AuditRecorder>(sp), Get<TimeProvider>(sp), user, ct));

    /// <summary>Runs an admin-only handler in a scope of its own (a circuit outlives any one unit of work).</summary>
    public async Task<CommandResult<T>> RunAsync<T>(Func<IServiceProvider, ClaimsPrincipal, Task<IResult>> handler)
    {
        var user = (await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User;
        if (!(await authorization.AuthorizeAsync(user, IdentityExtensions.AdminPolicy).ConfigureAwait(false)).Succeeded)
        {
            return CommandResult<T>.Denied;
        }

        await using var scope = scopes.CreateAsyncScope();
        var result = CommandResult<T>.From(await handler(scope.ServiceProvider, user).ConfigureAwait(false));
        signal.Raise();
        return result;
    }

    private static KyotenDbContext Db(IServiceProvider sp) => sp.GetRequiredService<KyotenDbContext>();

    private static TService Get<TService>(IServiceProvider sp) where TService : notnull => sp.GetRequiredService<TService>();
}
