using System.Text.Json.Serialization;

namespace Kyoten.Agent.Control;

/// <summary>state/identity/agent.json: the non-secret facts of the enrollment.</summary>
internal sealed record IdentityInfo(
    [property: JsonPropertyName("agent_id")] string AgentId,
    [property: JsonPropertyName("site_name")] string SiteName,
    [property: JsonPropertyName("controller")] string Controller,
    [property: JsonPropertyName("ca_sha256")] string CaSha256);
