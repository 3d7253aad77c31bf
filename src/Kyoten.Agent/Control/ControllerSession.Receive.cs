using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>What the controller sends: configurations, keepalives, renewed certificates.</summary>
internal sealed partial class ControllerSession
{
    private async Task<SessionEnd> ReadLoopAsync(IAsyncStreamReader<ControllerMessage> responses, CancellationToken cancellationToken)
    {
        var first = true;
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            if (first)
            {
                // Judged "up" only once the controller has spoken: TLS and authorisation passed.
                first = false;
                backoff.Connected();
                logger.Connected(pipeline.AppliedRevision);
            }

            var message = responses.Current;
            switch (message.BodyCase)
            {
                case ControllerMessage.BodyOneofCase.Config:
                    // A lost stream must not abort an apply half-way: only the daemon stopping may.
                    await ApplyAsync(message.Config, _daemonStopping).ConfigureAwait(false);
                    break;
                case ControllerMessage.BodyOneofCase.Keepalive:
                    Enqueue(new AgentMessage { Keepalive = new Keepalive { UnixMillis = message.Keepalive.UnixMillis } });
                    break;
                case ControllerMessage.BodyOneofCase.Renewal when Renew(message.Renewal):
                    return SessionEnd.CertificateRenewed;
            }
        }

        return SessionEnd.StreamEnded;
    }

    private async Task ApplyAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        logger.ConfigReceived(config.Revision, config.Tunnels.Count);
        var result = await pipeline.ApplyAsync(config, persist: true, cancellationToken).ConfigureAwait(false);
        var ack = new ConfigAck { Revision = config.Revision, Success = result.Succeeded };
        ack.Errors.AddRange(result.Errors);
        Enqueue(new AgentMessage { Ack = ack });
        if (result.Succeeded && _telemetryTimer is { } timer && timer.Period != pipeline.TelemetryInterval)
        {
            timer.Period = pipeline.TelemetryInterval;
        }
    }

    /// <summary>Stores a renewed certificate if it is for our key and from our CA; true if stored.</summary>
    private bool Renew(CertificateRenewal renewal)
    {
        X509Certificate2 renewed;
        try
        {
            renewed = X509CertificateLoader.LoadCertificate(renewal.Certificate.Span);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            logger.CertificateRenewalRefused($"malformed certificate ({e.Message})");
            return false;
        }

        using (renewed)
        {
            if (!renewed.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(identity.Certificate.PublicKey.EncodedKeyValue.RawData))
            {
                logger.CertificateRenewalRefused("not for this agent's key");
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(identity.CaChain.ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
            if (!chain.Build(renewed))
            {
                logger.CertificateRenewalRefused("does not chain to the enrolled CA");
                return false;
            }

            store.ReplaceCertificate(renewed);
            logger.CertificateRenewed(renewed.NotAfter);
            return true;
        }
    }
}
