using System.Collections.Concurrent;

namespace Kyoten.Controller.Compilation;

/// <summary>
/// The latest compiled config per agent, in memory, so a push after a fleet-wide change reads
/// neither the database nor decrypts anything per agent. An entry counts only when its revision
/// and hash equal the agent row's: the reconciler stores entries before its transaction commits,
/// and a rolled-back revision number can come back with other content.
/// </summary>
internal sealed class CompiledConfigCache
{
    private readonly ConcurrentDictionary<Guid, CompiledConfig> _entries = new();

    public int Count => _entries.Count;

    public void Set(Guid agentId, CompiledConfig config) => _entries[agentId] = config;

    public CompiledConfig? Find(Guid agentId, long revision, string hash) =>
        _entries.TryGetValue(agentId, out var entry) && entry.Revision == revision && entry.Hash == hash ? entry : null;

    /// <summary>The entry whatever its revision; the caller has checked it against the database since it was stored.</summary>
    public CompiledConfig? Latest(Guid agentId) => _entries.TryGetValue(agentId, out var entry) ? entry : null;

    public void Remove(Guid agentId) => _entries.TryRemove(agentId, out _);
}
