using Kyoten.Testing.Postgres;
using Npgsql;

namespace Kyoten.Testing.Tests;

public sealed class PostgresClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cluster_GivesSeparateDatabases_OnLoopback_AndIsGoneAfterDispose()
    {
        var cluster = await PostgresCluster.StartAsync(Ct);
        var dataDirectory = cluster.DataDirectory;
        try
        {
            var first = await cluster.CreateDatabaseAsync("t", Ct);
            var second = await cluster.CreateDatabaseAsync("t", Ct);
            Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);

            await using (var a = new NpgsqlConnection(first))
            {
                await a.OpenAsync(Ct);
                await using var create = new NpgsqlCommand("create table marker(x int); insert into marker values (42)", a);
                await create.ExecuteNonQueryAsync(Ct);
                await using var address = new NpgsqlCommand("select host(inet_server_addr())", a);
                Assert.Equal("127.0.0.1", await address.ExecuteScalarAsync(Ct));
            }

            await using var b = new NpgsqlConnection(second);
            await b.OpenAsync(Ct);
            await using var probe = new NpgsqlCommand("select to_regclass('marker') is null", b);
            Assert.Equal(true, await probe.ExecuteScalarAsync(Ct));
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        Assert.False(Directory.Exists(dataDirectory));
    }
}
