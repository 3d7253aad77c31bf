using Grpc.Core;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Controller.Agents;

/// <summary>kyoten.agent.v1.AgentService: the gRPC boundary; errors become status codes here and only here.</summary>
internal sealed class AgentGrpcService(EnrollmentService enrollment, AgentStream stream) : AgentService.AgentServiceBase
{
    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        if (!context.GetHttpContext().Request.IsHttps)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the agent API is served over TLS only"));
        }

        return enrollment.EnrollAsync(request, context.CancellationToken);
    }

    public override Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context) =>
        stream.RunAsync(requestStream, responseStream, context);
}
