using Google.Protobuf;
using Kyoten.Agent.Config;
using Kyoten.Agent.Control;
using Kyoten.Agent.Tests.Support;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Tests.Control;

public sealed class ControllerLinkTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private FakeController _controller = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _controller = await FakeController.StartAsync(_pki);

    public async ValueTask DisposeAsync()
    {
        await _controller.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task Connect_SaysHelloWithAppliedRevisionAndAuthenticatesWithTheEnrolledCertificate()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();

        var stream = await _controller.NextConnectionAsync(Ct);
        var hello = await stream.Hello.WaitAsync(Ct);

        Assert.Equal(0UL, hello.AppliedRevision);
        Assert.Contains("config-ack", hello.Capabilities);
        Assert.Equal(new IdentityStore(agent.State.Paths).Load().Certificate.Thumbprint, stream.ClientCertificate.Thumbprint);
    }

    [Fact]
    public async Task PushedConfig_IsAppliedAckedAndCachedOwnerOnly()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var stream = await _controller.NextConnectionAsync(Ct);
        var config = TestConfigs.Valid(revision: 7, tunnels: 2);

        stream.Push(config);
        var ack = await stream.Acks.Reader.ReadAsync(Ct);

        Assert.Equal(new ConfigAck { Revision = 7, Success = true }, ack);
        Assert.Equal(config, await agent.Applier.Applied.Reader.ReadAsync(Ct));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(agent.State.Paths.ConfigCache));
        Assert.True(new ConfigCache(agent.State.Paths).TryLoad(out var cached, out _));
        Assert.Equal(config, cached);
    }

    [Fact]
    public async Task InvalidConfig_IsAckedWithErrors_AndThePreviousStaysAppliedAndCached()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var stream = await _controller.NextConnectionAsync(Ct);
        var good = TestConfigs.Valid(revision: 1);
        stream.Push(good);
        Assert.True((await stream.Acks.Reader.ReadAsync(Ct)).Success);

        var bad = TestConfigs.Valid(revision: 2, tunnels: 2);
        bad.Tunnels[1].Name = bad.Tunnels[0].Name;
        bad.Tunnels[1].RemoteTs[0] = "198.18.300.0/24";
        stream.Push(bad);
        var ack = await stream.Acks.Reader.ReadAsync(Ct);

        Assert.Equal(2UL, ack.Revision);
        Assert.False(ack.Success);
        Assert.Contains(ack.Errors, e => e.StartsWith("tunnels[1].name:", StringComparison.Ordinal));
        Assert.Contains(ack.Errors, e => e.StartsWith("tunnels[1].remote_ts[0]:", StringComparison.Ordinal));
        Assert.Equal(good, agent.Applier.Current);
        Assert.Equal(1UL, agent.Pipeline.AppliedRevision);
        Assert.True(new ConfigCache(agent.State.Paths).TryLoad(out var cached, out _));
        Assert.Equal(good, cached);
    }

    [Fact]
    public async Task Restart_WithTheControllerDown_AppliesTheCachedConfigAtOnce()
    {
        using var state = new TempState();
        var config = TestConfigs.Valid(revision: 5, tunnels: 2);
        await using (var first = new LinkHarness(_controller.Address, _pki, state: state))
        {
            first.Start();
            var stream = await _controller.NextConnectionAsync(Ct);
            stream.Push(config);
            Assert.True((await stream.Acks.Reader.ReadAsync(Ct)).Success);
        }

        await _controller.DisposeAsync();
        _controller = await FakeController.StartAsync(_pki); // a different port: the old address refuses connections

        // jitter 1: the retry waits a full back-off step on the fake clock, which never advances here.
        await using var second = new LinkHarness(new Uri("https://localhost:1/"), _pki, state: state, jitter: 1);
        second.Start();

        Assert.Equal(config, await second.Applier.Applied.Reader.ReadAsync(Ct));
        Assert.Equal(5UL, second.Pipeline.AppliedRevision);
    }

    [Fact]
    public async Task StreamDroppedByTheController_ReconnectsAndReportsTheAppliedRevision()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var first = await _controller.NextConnectionAsync(Ct);
        first.Push(TestConfigs.Valid(revision: 3));
        Assert.True((await first.Acks.Reader.ReadAsync(Ct)).Success);

        first.Drop();
        var second = await _controller.NextConnectionAsync(Ct);

        Assert.Equal(3UL, (await second.Hello.WaitAsync(Ct)).AppliedRevision);
    }

    [Fact]
    public async Task Telemetry_IsSentEveryConfiguredInterval()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var stream = await _controller.NextConnectionAsync(Ct);
        var config = TestConfigs.Valid(revision: 1, tunnels: 2);
        config.Telemetry.IntervalSeconds = 3;
        stream.Push(config);
        Assert.True((await stream.Acks.Reader.ReadAsync(Ct)).Success);

        agent.Time.Advance(TimeSpan.FromSeconds(3));
        var report = await stream.Telemetry.Reader.ReadAsync(Ct);

        Assert.Equal(["tokyo--peer0", "tokyo--peer1"], report.Tunnels.Select(t => t.Tunnel));
        Assert.All(report.Tunnels, t => Assert.Equal(LoggingConfigApplier.NotRunningState, t.IkeState));
        Assert.Equal(agent.Time.GetUtcNow().ToUnixTimeMilliseconds(), report.UnixMillis);
    }

    [Fact]
    public async Task PublishedEvent_GoesToTheControllerAtOnce()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var stream = await _controller.NextConnectionAsync(Ct);
        await stream.Hello.WaitAsync(Ct);
        var up = new TunnelEvent { Tunnel = "tokyo--peer0", Kind = TunnelEventKind.Up, UnixMillis = 42, Detail = "IKE SA established" };

        agent.Events.Publish(up);

        Assert.Equal(up, await stream.Events.Reader.ReadAsync(Ct));
    }

    [Fact]
    public async Task ControllerKeepalive_IsAnsweredWithItsTimestamp_AndTheAgentSendsItsOwn()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var stream = await _controller.NextConnectionAsync(Ct);
        await stream.Hello.WaitAsync(Ct);

        stream.Push(new ControllerMessage { Keepalive = new Keepalive { UnixMillis = 1234 } });
        Assert.Equal(1234, (await stream.Keepalives.Reader.ReadAsync(Ct)).UnixMillis);

        agent.Time.Advance(ControllerSession.KeepaliveInterval);
        Assert.Equal(agent.Time.GetUtcNow().ToUnixTimeMilliseconds(), (await stream.Keepalives.Reader.ReadAsync(Ct)).UnixMillis);
    }

    [Fact]
    public async Task CertificateRenewal_IsStoredAndTheNextConnectionUsesIt()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var first = await _controller.NextConnectionAsync(Ct);
        await first.Hello.WaitAsync(Ct);
        var old = new IdentityStore(agent.State.Paths).Load().Certificate;
        using var renewed = _pki.IssueAgentCertificate(old.PublicKey, "tokyo");

        first.Push(new ControllerMessage { Renewal = new CertificateRenewal { Certificate = ByteString.CopyFrom(renewed.RawData) } });
        var second = await _controller.NextConnectionAsync(Ct);

        Assert.Equal(renewed.Thumbprint, second.ClientCertificate.Thumbprint);
        Assert.Equal(renewed.Thumbprint, new IdentityStore(agent.State.Paths).Load().Certificate.Thumbprint);
    }

    [Fact]
    public async Task CertificateRenewal_ForAnotherKey_IsIgnored()
    {
        await using var agent = new LinkHarness(_controller.Address, _pki);
        agent.Start();
        var stream = await _controller.NextConnectionAsync(Ct);
        await stream.Hello.WaitAsync(Ct);
        var before = new IdentityStore(agent.State.Paths).Load().Certificate.Thumbprint;
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var foreign = _pki.IssueAgentCertificate(
            new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=x", otherKey, System.Security.Cryptography.HashAlgorithmName.SHA256).PublicKey, "tokyo");

        stream.Push(new ControllerMessage { Renewal = new CertificateRenewal { Certificate = ByteString.CopyFrom(foreign.RawData) } });
        stream.Push(TestConfigs.Valid(revision: 9)); // processed after the renewal: the stream is still the same

        Assert.True((await stream.Acks.Reader.ReadAsync(Ct)).Success);
        Assert.Equal(before, new IdentityStore(agent.State.Paths).Load().Certificate.Thumbprint);
    }

    [Fact]
    public async Task ControllerWithAnotherCa_IsNotTrusted_AndNothingIsSent()
    {
        using var otherPki = new TestPki("Other CA");
        await using var impostor = await FakeController.StartAsync(otherPki);
        await using var agent = new LinkHarness(impostor.Address, _pki, jitter: 1);
        agent.Start();

        // The refusal is logged; await it through the captured log instead of a sleep.
        await agent.Logs.WaitForAsync("[3014]", Ct);

        Assert.False(impostor.Connections.Reader.TryRead(out _));
    }
}
