using Google.Protobuf;
using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Agent.Tests.Support;

/// <summary>The controller's AgentService as a script: one-time tokens, mTLS on Connect, streams handed to the test.</summary>
internal sealed class FakeAgentService(FakeController controller) : AgentService.AgentServiceBase
{
    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        controller.EnrollRequests.Enqueue(request.ToByteArray());
        if (!controller.ValidTokens.TryRemove(request.Token, out var site))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, "enrollment token unknown, used or expired"));
        }

        var csr = CertificateRequest.LoadSigningRequest(request.Csr.ToByteArray(), System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = controller.Pki.IssueAgentCertificate(csr.PublicKey, site);
        return Task.FromResult(new EnrollResponse
        {
            AgentId = $"agent-{site}",
            SiteName = site,
            Certificate = ByteString.CopyFrom(certificate.RawData),
            CaChain = { ByteString.CopyFrom(controller.Pki.Ca.RawData) },
        });
    }

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is null || !controller.Pki.Issued(certificate))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "client certificate required"));
        }

        var stream = new FakeAgentStream(X509CertificateLoader.LoadCertificate(certificate.RawData));
        controller.AllStreams.Add(stream);
        controller.Connections.Writer.TryWrite(stream);
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
                    {
                        stream.Record(message);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or RpcException)
                {
                    // the stream ended; nothing left to record
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var message in stream.Outgoing.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the agent went away
        }

        _ = reader;
    }
}
