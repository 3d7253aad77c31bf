using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Kyoten.Controller.Compilation;

/// <summary>
/// Recompiles every agent's config after a change and bumps an agent's revision only when its
/// own config hash changed; then NOTIFYs, which PostgreSQL delivers to every replica on commit.
/// </summary>
internal sealed partial class FleetReconciler(CertificateAuthority ca, IDataProtectionProvider protection, CompiledConfigCache cache, ILogger<FleetReconciler> logger)
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

    /// <summary>
    /// Call inside a transaction. Serialised across replicas by an advisory lock so revisions never race.
    /// Only sites with a live agent are compiled, and all changed revisions go to the database in one
    /// statement: at fleet size, per-row updates and per-agent round trips were most of a change's cost.
    /// </summary>
    /// <param name="onlyAgent">Reconcile just this agent: enrolling one changes no other agent's config.</param>
    public async Task ReconcileAsync(KyotenDbContext db, CancellationToken cancellationToken, Guid? onlyAgent = null)
    {
        var started = Stopwatch.GetTimestamp();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        var agents = await db.Agents.AsNoTracking().Where(a => a.RevokedAt == null && (onlyAgent == null || a.Id == onlyAgent))
            .Select(a => new AgentRevision(a.Id, a.SiteId, a.DesiredRevision, a.ConfigHash)).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (agents.Count == 0)
        {
            return;
        }

        var input = await LoadAsync(db, cancellationToken).ConfigureAwait(false);
        var loaded = Stopwatch.GetTimestamp();
        var output = ConfigCompiler.Compile(input, agents.Select(a => a.SiteId).ToHashSet());
        var compiled = Stopwatch.GetTimestamp();
        var changes = new (CompiledConfig Config, byte[] Protected)?[agents.Count];
        // Serialising, hashing and protecting are independent per agent and CPU-bound.
        Parallel.For(0, agents.Count, i => changes[i] = Recompile(agents[i], output));
        var changed = changes.Where(c => c is not null).Select(c => c!.Value).ToList();
        var ids = agents.Where((_, i) => changes[i] is not null).Select(a => a.Id).ToArray();
        var protectedAt = Stopwatch.GetTimestamp();
        if (ids.Length == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE "Agents" AS a SET "DesiredRevision" = u.revision, "ConfigHash" = u.hash, "ProtectedConfig" = u.config
            FROM unnest(@ids, @revisions, @hashes, @configs) AS u(id, revision, hash, config)
            WHERE a."Id" = u.id
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids },
                new NpgsqlParameter("revisions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changed.Select(c => c.Config.Revision).ToArray() },
                new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.Select(c => c.Config.Hash).ToArray() },
                new NpgsqlParameter("configs", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = changed.Select(c => c.Protected).ToArray() },
            ],
            cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < ids.Length; i++)
        {
            cache.Set(ids[i], changed[i].Config);
        }

        await NotifyAsync(db, cancellationToken).ConfigureAwait(false);
        LogReconciled(logger, agents.Count, ids.Length, Ms(started, loaded), Ms(loaded, compiled), Ms(compiled, protectedAt), Ms(protectedAt, Stopwatch.GetTimestamp()));
    }

    private static long Ms(long from, long to) => (long)Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Reconciled {Agents} agents, {Changed} new revisions: load {LoadMs} ms, compile {CompileMs} ms, hash and protect {ProtectMs} ms, store {StoreMs} ms")]
    private static partial void LogReconciled(ILogger logger, int agents, int changed, long loadMs, long compileMs, long protectMs, long storeMs);

    private (CompiledConfig, byte[])? Recompile(AgentRevision agent, CompilerOutput output)
    {
        if (!output.Configs.TryGetValue(agent.SiteId, out var config))
        {
            return null;
        }

        var hash = Convert.ToHexString(SHA256.HashData(config.ToByteArray()));
        if (hash == agent.ConfigHash)
        {
            return null;
        }

        var revision = agent.DesiredRevision + 1;
        config.Revision = (ulong)revision;
        return (new CompiledConfig(revision, hash, new ControllerMessage { Config = config }), _configs.Protect(config.ToByteArray()));
    }

    /// <summary>An agent's stored config, decrypted once and cached (a replica that did not compile it, or a restart).</summary>
    public CompiledConfig Restore(Guid agentId, long revision, string hash, byte[] protectedConfig)
    {
        var config = cache.Find(agentId, revision, hash);
        if (config is null)
        {
            config = new CompiledConfig(revision, hash, new ControllerMessage { Config = Unprotect(protectedConfig) });
            cache.Set(agentId, config);
        }

        return config;
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

    private sealed record AgentRevision(Guid Id, Guid SiteId, long DesiredRevision, string ConfigHash);
}
