using System.Security.Cryptography;
using Kyoten.Agent.Config;
using Kyoten.Agent.Control;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.Support;

/// <summary>An enrolled agent's control plane wired by hand: fake clock, zero-jitter back-off, captured logs.</summary>
internal sealed class LinkHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggerFactory _loggers;
    private readonly bool _ownsState;
    private Task? _running;

    public LinkHarness(Uri controller, TestPki pki, string site = "tokyo", TempState? state = null, double jitter = 0)
    {
        _ownsState = state is null;
        State = state ?? new TempState();
        Time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        Applier = new RecordingApplier(Time);
        _loggers = Logs.CreateFactory();
        Pipeline = new ConfigPipeline(Applier, new ConfigCache(State.Paths), _loggers.CreateLogger<ConfigPipeline>());
        Link = new ControllerLink(State.Paths, Pipeline, Applier, Events, new ReconnectBackoff(Time, new FixedRandom(jitter)), Time, _loggers);
        if (!State.Paths.IsEnrolled)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=x", key, HashAlgorithmName.SHA256);
            using var certificate = pki.IssueAgentCertificate(request.PublicKey, site);
            var info = new IdentityInfo($"agent-{site}", site, controller.ToString(), Convert.ToHexString(pki.CaHash));
            new IdentityStore(State.Paths).Save(info, key, certificate, [pki.Ca]);
        }
    }

    public TempState State { get; }

    public FakeTimeProvider Time { get; }

    public RecordingApplier Applier { get; }

    public AgentEventChannel Events { get; } = new();

    public ConfigPipeline Pipeline { get; }

    public ControllerLink Link { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public void Start() => _running = Link.RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }

        _loggers.Dispose();
        if (_ownsState)
        {
            State.Dispose();
        }

        _stop.Dispose();
    }
}
