using Kyoten.Agent.Config;

namespace Kyoten.Agent.Tests.Support;

/// <summary>A fresh state folder under /tmp (short: Unix socket paths are limited to 108 bytes), deleted afterwards.</summary>
internal sealed class TempState : IDisposable
{
    public TempState()
    {
        Root = Path.Combine(Path.GetTempPath(), "kyt-" + Guid.NewGuid().ToString("N")[..12]);
        Paths = new StatePaths(Root);
    }

    public string Root { get; }

    public StatePaths Paths { get; }

    /// <summary>Every file below the root, relative, sorted.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal).ToList()
            : [];

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
