using System.Text.Json.Serialization;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Identity;

namespace Kyoten.Controller.Api;

/// <summary>The REST API under /api (cookie or bearer token; viewers read, admins write) and its OpenAPI document.</summary>
internal static class ApiExtensions
{
    public static void AddKyotenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditRecorder>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
            // Escape <, >, & and quotes so stored hostile text can never become markup in a careless client.
            options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default;
        });
    }

    public static void MapKyotenApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(IdentityExtensions.ReaderPolicy);
        var api = app.MapGroup("/api").RequireAuthorization(IdentityExtensions.ReaderPolicy);
        api.MapSites();
        api.MapPolicies();
        api.MapTopology();
        api.MapEnrollmentTokens();
        api.MapAgents();
        api.MapTelemetry();
        api.MapApiTokens();
    }
}
