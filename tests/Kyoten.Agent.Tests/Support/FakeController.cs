using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Tests.Support;

/// <summary>
/// An in-process controller: AgentService on Kestrel, loopback HTTPS, server certificate from a
/// test CA that carries the CA in an extension (as the real controller does, since SslStream never
/// sends a self-signed root in the chain), client certificates optional
/// at TLS level and required by Connect.
/// </summary>
internal sealed class FakeController : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeController(TestPki pki, WebApplication app)
    {
        Pki = pki;
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
    }

    public TestPki Pki { get; }

    public Uri Address { get; }

    /// <summary>Token → site name; a token is removed when used.</summary>
    public ConcurrentDictionary<string, string> ValidTokens { get; } = new();

    /// <summary>Every EnrollRequest as it arrived on the wire (serialised bytes).</summary>
    public ConcurrentQueue<byte[]> EnrollRequests { get; } = new();

    public Channel<FakeAgentStream> Connections { get; } = Channel.CreateUnbounded<FakeAgentStream>();

    /// <param name="presentedChain">Certificates sent after the leaf; defaults to the CA.</param>
    public static async Task<FakeController> StartAsync(TestPki pki, X509Certificate2? serverCertificate = null, X509Certificate2Collection? presentedChain = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddGrpc();
        FakeController? self = null;
        builder.Services.AddSingleton(_ => self!);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate ?? pki.ServerCertificate;
                https.ServerCertificateChain = presentedChain ?? [pki.Ca];
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<FakeAgentService>();
        await app.StartAsync();
        self = new FakeController(pki, app);
        return self;
    }

    public async Task<FakeAgentStream> NextConnectionAsync(CancellationToken cancellationToken) =>
        await Connections.Reader.ReadAsync(cancellationToken);

    internal ConcurrentBag<FakeAgentStream> AllStreams { get; } = [];

    public string IssueToken(string site)
    {
        var token = Pki.NewToken();
        ValidTokens[token] = site;
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        Connections.Writer.TryComplete();
        foreach (var stream in AllStreams)
        {
            stream.Drop();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
