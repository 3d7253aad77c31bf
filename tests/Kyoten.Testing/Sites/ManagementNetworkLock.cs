namespace Kyoten.Testing.Sites;

/// <summary>
/// Machine-wide turn on the root namespace's management addresses (198.51.100.0/24 on veths to
/// site namespaces, the controller's agent endpoint on 198.51.100.5). Two labs holding them at
/// once would both own 198.51.100.4/30 in the root namespace and the kernel would route one
/// lab's replies into the other's namespace, so <see cref="ManagedSites"/> and the demo-with-sites
/// test take turns, also across test processes (other worktrees, parallel test classes).
/// .NET takes an exclusive flock(2) for <see cref="FileShare.None"/>; the kernel drops it when the
/// holder dies, so a crashed run never blocks the next one.
/// </summary>
public sealed class ManagementNetworkLock : IDisposable
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "kyoten-netlabs-management.lock");
    private readonly FileStream _file;

    private ManagementNetworkLock(FileStream file) => _file = file;

    public static async Task<ManagementNetworkLock> AcquireAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(20));
        while (true)
        {
            try
            {
                return new ManagementNetworkLock(new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
