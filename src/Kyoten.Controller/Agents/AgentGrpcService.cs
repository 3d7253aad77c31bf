using Grpc.Core;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Controller.Agents;

/// <summary>kyoten.agent.v1.AgentService: the gRPC boundary; errors become status codes here and only here.</summary>
internal sealed partial class AgentGrpcService(EnrollmentService enrollment, AgentStream stream, ILogger<AgentGrpcService> logger) : AgentService.AgentServiceBase
{
    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        if (!context.GetHttpContext().Request.IsHttps)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the agent API is served over TLS only"));
        }

        return enrollment.EnrollAsync(request, context.CancellationToken);
    }

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context)
    {
        try
        {
            await stream.RunAsync(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException && !context.CancellationToken.IsCancellationRequested)
        {
            LogStreamFailed(logger, e);
            throw;
        }
    }

    [LoggerMessage(EventId = 4404, Level = LogLevel.Error, Message = "Agent stream failed")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);
}
