using Kyoten.Testing.Postgres;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
