namespace Kyoten.Controller.Security;

/// <summary>Data Protection purpose strings: one per kind of secret, so ciphertexts never cross uses.</summary>
internal static class ProtectionPurposes
{
    public const string CaRootKey = "Kyoten.Ca.RootKey.v1";
    public const string SitePsk = "Kyoten.Site.Psk.v1";
    public const string AgentConfig = "Kyoten.Agent.Config.v1";
}
