using System.Security.Cryptography;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Kyoten.Controller.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

/// <summary>Dashboard users and their roles. Changes are admin-only (checked here) and audited like API changes.</summary>
internal sealed class UserAdministration(IServiceScopeFactory scopes, DashboardCommands commands, AuthenticationStateProvider authentication, CertificateAuthority ca, TimeProvider time)
{
    public CaSummary Ca() => new(ca.Certificate.Subject, ca.Certificate.GetCertHashString(HashAlgorithmName.SHA256), ca.Certificate.NotAfter.ToUniversalTime());

    public async Task<IReadOnlyList<AdminUserRow>> UsersAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = time.GetUtcNow();
        var rows = await (from u in db.Users.AsNoTracking()
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          orderby u.UserName
                          select new { u.Id, u.UserName, Role = r == null ? null : r.Name, u.LockoutEnd }).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => r.Id).Select(g => new AdminUserRow(
            g.Key, g.First().UserName ?? "", g.Any(r => r.Role == KyotenRoles.Admin) ? KyotenRoles.Admin : g.FirstOrDefault(r => r.Role != null)?.Role ?? "",
            g.First().LockoutEnd > now))];
    }

    /// <summary>API tokens (never their secrets); admins only, as in the REST API.</summary>
    public async Task<IReadOnlyList<Data.Security.ApiToken>> ApiTokensAsync(CancellationToken cancellationToken)
    {
        if (!await commands.IsAdminAsync())
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        return await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a user with a one-time password that must be changed at first sign-in; returns the password.</summary>
    public async Task<CommandResult<string>> CreateAsync(string userName, string role, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!KyotenRoles.All.Contains(role))
        {
            errors["role"] = [$"'{KyotenRoles.Admin}' or '{KyotenRoles.Viewer}'"];
        }

        if (errors.Count > 0)
        {
            return new CommandResult<string>(null, errors, false, false);
        }

        return await commands.RunAsync<string>(async (sp, actor) =>
        {
            var users = sp.GetRequiredService<UserManager<AdminUser>>();
            var password = Base64Url.Encode(RandomNumberGenerator.GetBytes(12));
            var user = new AdminUser { UserName = userName, MustChangePassword = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = [.. created.Errors.Select(e => e.Description)] });
            }

            await users.AddToRoleAsync(user, role);
            var db = sp.GetRequiredService<KyotenDbContext>();
            sp.GetRequiredService<AuditRecorder>().Record(db, actor, "user.create", "user", user.Id, null, new { userName, role });
            await db.SaveChangesAsync(cancellationToken);
            return Results.Ok(password);
        });
    }

    public async Task<CommandResult<object>> SetRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        var self = (await authentication.GetAuthenticationStateAsync()).User;
        return await commands.RunAsync<object>(async (sp, actor) =>
        {
            var users = sp.GetRequiredService<UserManager<AdminUser>>();
            var user = await users.FindByIdAsync(userId);
            if (user is null)
            {
                return Results.NotFound();
            }

            if (!KyotenRoles.All.Contains(role) || users.GetUserId(self) == userId)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["pick admin or viewer; you cannot change your own role"] });
            }

            var before = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, before);
            await users.AddToRoleAsync(user, role);
            var db = sp.GetRequiredService<KyotenDbContext>();
            sp.GetRequiredService<AuditRecorder>().Record(db, actor, "user.role", "user", user.Id, new { roles = before }, new { roles = new[] { role } });
            await db.SaveChangesAsync(cancellationToken);
            return Results.NoContent();
        });
    }
}
