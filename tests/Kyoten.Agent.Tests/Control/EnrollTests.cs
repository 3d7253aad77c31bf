using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Agent.Cli;
using Kyoten.Agent.Tests.Support;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Tests.Control;

public sealed class EnrollTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private readonly TempState _state = new();
    private readonly CliRun _cli = new();
    private FakeController _controller = null!;

    public async ValueTask InitializeAsync() => _controller = await FakeController.StartAsync(_pki);

    public async ValueTask DisposeAsync()
    {
        await _controller.DisposeAsync();
        _cli.Dispose();
        _state.Dispose();
        _pki.Dispose();
    }

    private Task<int> EnrollAsync(string token, params string[] extra) =>
        _cli.RunAsync(["enroll", "--controller", _controller.Address.ToString(), "--token", token, "--state", _state.Root, .. extra]);

    [Fact]
    public async Task Enroll_WithValidToken_StoresKeyOwnerOnlyCertificateAndCaChain()
    {
        var code = await EnrollAsync(_controller.IssueToken("tokyo"));

        Assert.True(code == ExitCodes.Ok, _cli.Error.ToString());
        Assert.Contains("agent-tokyo", _cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(["identity/agent.crt", "identity/agent.json", "identity/agent.key", "identity/ca.crt"], _state.Files());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.Paths.PrivateKey));
        using var certificate = X509Certificate2.CreateFromPemFile(_state.Paths.Certificate, _state.Paths.PrivateKey);
        Assert.True(certificate.HasPrivateKey);
        Assert.True(_pki.Issued(certificate));
        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(_state.Paths.CaChain);
        Assert.Equal(_pki.Ca.RawData, Assert.Single(cas).RawData);
    }

    [Fact]
    public async Task Enroll_RequestCarriesOnlyThePublicKey_NeverThePrivateScalar()
    {
        await EnrollAsync(_controller.IssueToken("tokyo"));

        var wire = Assert.Single(_controller.EnrollRequests);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(_state.Paths.PrivateKey, TestContext.Current.CancellationToken));
        var d = key.ExportParameters(includePrivateParameters: true).D!;
        Assert.Equal(-1, wire.AsSpan().IndexOf(d));
        var csr = CertificateRequest.LoadSigningRequest(EnrollRequest.Parser.ParseFrom(wire).Csr.ToByteArray(), HashAlgorithmName.SHA256);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), csr.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Enroll_TokenPinsAnotherCa_RefusedAsCaMismatchAndNothingWritten()
    {
        using var otherPki = new TestPki("Somebody else's CA");
        var token = otherPki.NewToken();
        _controller.ValidTokens[token] = "tokyo";

        var code = await EnrollAsync(token);

        Assert.Equal(ExitCodes.CaMismatch, code);
        Assert.Contains("CA mismatch", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_state.Files());
        Assert.Empty(_controller.EnrollRequests); // the token never left the agent
    }

    [Fact]
    public async Task Enroll_ImpostorSendsThePinnedCaAlongWithItsOwnLeaf_Refused()
    {
        // Anyone can copy the public CA certificate into their chain or their leaf; the leaf must chain to it.
        using var impostorPki = new TestPki("Impostor CA");
        using var impostorLeaf = impostorPki.IssueServerCertificate(embeddedCa: _pki.Ca);
        await using var impostor = await FakeController.StartAsync(impostorPki, impostorLeaf, [_pki.Ca, impostorPki.Ca]);
        var token = _pki.NewToken();
        impostor.ValidTokens[token] = "tokyo";

        var code = await _cli.RunAsync("enroll", "--controller", impostor.Address.ToString(), "--token", token, "--state", _state.Root);

        Assert.Equal(ExitCodes.CaMismatch, code);
        Assert.Empty(_state.Files());
        Assert.Empty(impostor.EnrollRequests);
    }

    [Fact]
    public async Task Enroll_ControllerLeafCarriesNoCa_RefusedAsCaMismatch()
    {
        using var bareLeaf = _pki.IssueServerCertificate(embeddedCa: null);
        await using var silent = await FakeController.StartAsync(_pki, bareLeaf);
        var token = silent.IssueToken("tokyo");

        var code = await _cli.RunAsync("enroll", "--controller", silent.Address.ToString(), "--token", token, "--state", _state.Root);

        Assert.Equal(ExitCodes.CaMismatch, code);
        Assert.Contains("presented no CA certificate", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_state.Files());
        Assert.Empty(silent.EnrollRequests);
    }

    [Fact]
    public async Task Enroll_UsedToken_RefusedAndNothingWritten()
    {
        var token = _controller.IssueToken("tokyo");
        using (var first = new TempState())
        {
            Assert.Equal(ExitCodes.Ok, await _cli.RunAsync("enroll", "--controller", _controller.Address.ToString(), "--token", token, "--state", first.Root));
        }

        var code = await EnrollAsync(token);

        Assert.Equal(ExitCodes.TokenRefused, code);
        Assert.Contains("token refused", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_state.Files());
    }

    [Fact]
    public async Task Enroll_ControllerUnreachable_DistinctExitCode()
    {
        var address = _controller.Address;
        await _controller.DisposeAsync();
        _controller = await FakeController.StartAsync(_pki);

        var code = await _cli.RunAsync("enroll", "--controller", address.ToString(), "--token", _pki.NewToken(), "--state", _state.Root);

        Assert.Equal(ExitCodes.ControllerUnreachable, code);
        Assert.Contains("unreachable", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_state.Files());
    }

    [Theory]
    [InlineData("")]
    [InlineData("kyt1.abc")]
    [InlineData("kyt2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("kyt1.AAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("kyt1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.not*base64")]
    public async Task Enroll_MalformedToken_BadTokenExitCodeWithoutContactingController(string token)
    {
        var code = await EnrollAsync(token);

        Assert.Equal(ExitCodes.BadToken, code);
        Assert.Contains("bad token", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_controller.EnrollRequests);
        Assert.Empty(_state.Files());
    }

    [Fact]
    public async Task Enroll_AlreadyEnrolled_RefusedUnlessForced()
    {
        Assert.Equal(ExitCodes.Ok, await EnrollAsync(_controller.IssueToken("tokyo")));
        var firstKey = await File.ReadAllTextAsync(_state.Paths.PrivateKey, TestContext.Current.CancellationToken);

        var refused = await EnrollAsync(_controller.IssueToken("osaka"));
        Assert.Equal(ExitCodes.AlreadyEnrolled, refused);
        Assert.Equal(firstKey, await File.ReadAllTextAsync(_state.Paths.PrivateKey, TestContext.Current.CancellationToken));

        var forced = await EnrollAsync(_controller.IssueToken("osaka"), "--force");
        Assert.Equal(ExitCodes.Ok, forced);
        Assert.NotEqual(firstKey, await File.ReadAllTextAsync(_state.Paths.PrivateKey, TestContext.Current.CancellationToken));
        Assert.Contains("agent-osaka", await File.ReadAllTextAsync(_state.Paths.IdentityInfo, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(["identity/agent.crt", "identity/agent.json", "identity/agent.key", "identity/ca.crt"], _state.Files());
    }

    [Fact]
    public async Task Enroll_StateCannotTakeTheIdentity_DistinctExitCodeAndNoPartialFiles()
    {
        // A plain file where the identity folder goes makes the final rename fail after every file was written.
        _state.Paths.EnsureRoot();
        await File.WriteAllTextAsync(_state.Paths.IdentityDirectory, "in the way", TestContext.Current.CancellationToken);

        var code = await EnrollAsync(_controller.IssueToken("tokyo"));

        Assert.Equal(ExitCodes.StateNotWritable, code);
        Assert.Equal(["identity"], _state.Files());
    }

    [Fact]
    public async Task Enroll_NeverLogsOrPrintsTheToken()
    {
        var token = _controller.IssueToken("tokyo");
        await EnrollAsync(token);
        await EnrollAsync(token); // refused the second time: failure paths log too

        var secret = token.Split('.')[2];
        Assert.NotEmpty(_cli.Logs.Lines);
        Assert.DoesNotContain(secret, _cli.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, _cli.Out.ToString() + _cli.Error, StringComparison.Ordinal);
    }
}
