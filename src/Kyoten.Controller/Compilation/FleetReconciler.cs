using System.Security.Cryptography;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Compilation;

/// <summary>
/// Recompiles every agent's config after a change and bumps an agent's revision only when its
/// own config hash changed; then NOTIFYs, which PostgreSQL delivers to every replica on commit.
/// </summary>
internal sealed class FleetReconciler(CertificateAuthority ca, IDataProtectionProvider protection)
{
    public const string Channel = "kyoten_fleet";
    private const long LockKey = 0x4b79_6f74_0002;
    private readonly IDataProtector _configs = protection.CreateProtector(ProtectionPurposes.AgentConfig);
    private readonly IDataProtector _psks = protection.CreateProtector(ProtectionPurposes.SitePsk);

    /// <summary>
    /// Saves the tracked changes, reconciles and commits, all in one transaction. <paramref name="notify"/>
    /// forces a NOTIFY even when no config changed (e.g. a deleted site whose agent must be dropped).
    /// </summary>
    public async Task SaveAsync(KyotenDbContext db, CancellationToken cancellationToken, bool notify = false)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await ReconcileAsync(db, cancellationToken).ConfigureAwait(false);
        if (notify)
        {
            await NotifyAsync(db, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Call inside a transaction. Serialised across replicas by an advisory lock so revisions never race.</summary>
    public async Task ReconcileAsync(KyotenDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        var output = ConfigCompiler.Compile(await LoadAsync(db, cancellationToken).ConfigureAwait(false));
        var agents = await db.Agents.Where(a => a.RevokedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        var changed = false;
        foreach (var agent in agents)
        {
            if (!output.Configs.TryGetValue(agent.SiteId, out var config))
            {
                continue;
            }

            var hash = Convert.ToHexString(SHA256.HashData(config.ToByteArray()));
            if (hash == agent.ConfigHash)
            {
                continue;
            }

            agent.DesiredRevision++;
            config.Revision = (ulong)agent.DesiredRevision;
            agent.ProtectedConfig = _configs.Protect(config.ToByteArray());
            agent.ConfigHash = hash;
            changed = true;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            await NotifyAsync(db, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tells every replica to look at its connected agents again (delivered on commit).</summary>
    public static Task NotifyAsync(KyotenDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, '')", cancellationToken);

    public AgentConfig Unprotect(byte[] protectedConfig) => AgentConfig.Parser.ParseFrom(_configs.Unprotect(protectedConfig));

    public async Task<CompilerOutput> CompileAsync(KyotenDbContext db, CancellationToken cancellationToken) =>
        ConfigCompiler.Compile(await LoadAsync(db, cancellationToken).ConfigureAwait(false));

    internal async Task<CompilerInput> LoadAsync(KyotenDbContext db, CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var policies = await db.Policies.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var links = await db.Links.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var topology = await db.Topology.AsNoTracking().SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var psks = sites.Where(s => s.ProtectedPsk is not null).ToDictionary(s => s.Id, s => _psks.Unprotect(s.ProtectedPsk!));
        return new CompilerInput(sites, policies, topology?.Mode ?? TopologyMode.FullMesh, links, ca.TrustAnchorsPem, psks);
    }
}
