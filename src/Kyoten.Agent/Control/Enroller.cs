using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Kyoten.Agent.Config;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>
/// First contact: a P-256 key made here (it never leaves the host), a CSR carrying only the public
/// key, the token, and the controller pinned by the CA hash the token carries.
/// </summary>
internal sealed class Enroller(StatePaths paths, TimeProvider time, ILogger<Enroller> logger)
{
    public static string AgentVersion { get; } =
        typeof(Enroller).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static readonly TimeSpan EnrollTimeout = TimeSpan.FromSeconds(30);

    public async Task<EnrollResult> EnrollAsync(Uri controller, string tokenText, bool force, CancellationToken cancellationToken)
    {
        if (!EnrollmentToken.TryParse(tokenText, out var token, out var tokenError))
        {
            return Fail(EnrollStatus.BadToken, $"bad token: {tokenError}");
        }

        if (paths.IsEnrolled && !force)
        {
            return Fail(EnrollStatus.AlreadyEnrolled, $"already enrolled (state in {paths.IdentityDirectory}); use --force to enroll again");
        }

        logger.Enrolling(controller);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=kyoten-agent", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var request = new EnrollRequest { Token = token.Text, Csr = ByteString.CopyFrom(csr), AgentVersion = AgentVersion };
        var pin = new ControllerPin(token.CaCertificateHash, [], time);
        EnrollResponse response;
        try
        {
            response = await CallAsync(controller, pin, request, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return MapRpcFailure(e, pin);
        }

        if (CheckResponse(response, key, token.CaCertificateHash, time) is { } invalid)
        {
            return Fail(EnrollStatus.Rejected, $"the controller's answer is unusable: {invalid}");
        }

        using var certificate = X509CertificateLoader.LoadCertificate(response.Certificate.Span);
        var chain = response.CaChain.Select(c => X509CertificateLoader.LoadCertificate(c.Span)).ToList();
        var info = new IdentityInfo(response.AgentId, response.SiteName, controller.ToString(), Convert.ToHexString(token.CaCertificateHash));
        try
        {
            new IdentityStore(paths).Save(info, key, certificate, chain);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(EnrollStatus.StateNotWritable, $"cannot write {paths.Root}: {e.Message}");
        }
        finally
        {
            chain.ForEach(c => c.Dispose());
        }

        logger.Enrolled(info.AgentId, info.SiteName, certificate.NotAfter);
        return new EnrollResult(EnrollStatus.Enrolled, $"enrolled as agent {info.AgentId} of site {info.SiteName}", info);
    }

    private async Task<EnrollResponse> CallAsync(Uri controller, ControllerPin pin, EnrollRequest request, CancellationToken cancellationToken)
    {
        using var channel = ControllerChannel.Create(controller, pin, clientCertificate: null);
        var client = new AgentService.AgentServiceClient(channel);
        using var timeout = new CancellationTokenSource(EnrollTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await client.EnrollAsync(request, cancellationToken: linked.Token).ConfigureAwait(false);
        }
        catch (RpcException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, $"no answer within {EnrollTimeout.TotalSeconds} s", e));
        }
    }

    // The boundary where gRPC status codes become operator-facing outcomes.
    private EnrollResult MapRpcFailure(RpcException e, ControllerPin pin)
    {
        if (pin.LastFailureReason is { } refused)
        {
            logger.ControllerCertificateRefused(refused);
            return Fail(EnrollStatus.CaMismatch, $"controller not trusted: {refused}");
        }

        return e.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unimplemented =>
                Fail(EnrollStatus.ControllerUnreachable, $"controller unreachable: {e.Status.Detail}"),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.NotFound
                or StatusCode.FailedPrecondition or StatusCode.AlreadyExists =>
                Fail(EnrollStatus.TokenRefused, $"token refused by the controller (used, expired or unknown): {e.Status.Detail}"),
            _ => Fail(EnrollStatus.Rejected, $"controller refused the enrollment ({e.StatusCode}): {e.Status.Detail}"),
        };
    }

    private static string? CheckResponse(EnrollResponse response, ECDsa key, byte[] caHash, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(response.AgentId))
        {
            return "no agent id";
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(response.Certificate.Span);
            using var publicKey = certificate.GetECDsaPublicKey();
            if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                return "the certificate is not for the key in our request";
            }

            var cas = response.CaChain.Select(c => X509CertificateLoader.LoadCertificate(c.Span)).ToList();
            try
            {
                var anchor = cas.FirstOrDefault(c => SHA256.HashData(c.RawData).AsSpan().SequenceEqual(caHash));
                if (anchor is null)
                {
                    return "the CA chain does not contain the pinned CA";
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(anchor);
                chain.ChainPolicy.ExtraStore.AddRange(cas.ToArray());
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
                return chain.Build(certificate) ? null : "the certificate does not chain to the pinned CA";
            }
            finally
            {
                cas.ForEach(c => c.Dispose());
            }
        }
        catch (CryptographicException e)
        {
            return $"malformed certificate ({e.Message})";
        }
    }

    private EnrollResult Fail(EnrollStatus status, string message)
    {
        logger.EnrollFailed(message);
        return new EnrollResult(status, message);
    }
}
