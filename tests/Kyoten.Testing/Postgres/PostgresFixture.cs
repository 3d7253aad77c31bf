namespace Kyoten.Testing.Postgres;

/// <summary>
/// One PostgreSQL cluster per test assembly (register with
/// <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>); each test class asks it for a
/// database of its own.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("bug: fixture used before InitializeAsync");

    public Task<string> CreateDatabaseAsync(string prefix = "kyoten", CancellationToken cancellationToken = default) =>
        Cluster.CreateDatabaseAsync(prefix, cancellationToken);

    public async ValueTask InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}
