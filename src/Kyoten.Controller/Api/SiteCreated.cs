namespace Kyoten.Controller.Api;

/// <summary>The create (or PSK rotate) response: the only time a generated PSK is ever shown.</summary>
internal sealed record SiteCreated(SiteView Site, string? Psk);
