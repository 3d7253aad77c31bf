using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>Mirrored swanctl connections for site A (192.0.2.1, LAN 198.18.1.1) and site B.</summary>
internal static class SwanSetups
{
    public const string Ike = "site";
    public const string Child = "lan";
    public const string IdA = "a.kyoten.test";
    public const string IdB = "b.kyoten.test";
    public const string Psk = "interop-test-psk-0123456789abcdef";

    public static SwanConnection ForA(SwanAuth local, SwanAuth remote) =>
        Connection(TwoSites.WanA, TwoSites.WanB, TwoSites.LanA, TwoSites.LanB, local, remote);

    public static SwanConnection ForB(SwanAuth local, SwanAuth remote) =>
        Connection(TwoSites.WanB, TwoSites.WanA, TwoSites.LanB, TwoSites.LanA, local, remote);

    public static StrongSwanPeerOptions PskA(string psk = Psk) =>
        new([ForA(SwanAuth.Psk(IdA), SwanAuth.Psk(IdB)) with { Psk = psk }]) { Name = "a" };

    public static StrongSwanPeerOptions PskB(string psk = Psk) =>
        new([ForB(SwanAuth.Psk(IdB), SwanAuth.Psk(IdA)) with { Psk = psk }]) { Name = "b" };

    /// <summary>Site B with one IKE and one ESP proposal in strongSwan notation.</summary>
    public static StrongSwanPeerOptions PskB(string ikeProposal, string espProposal)
    {
        var connection = ForB(SwanAuth.Psk(IdB), SwanAuth.Psk(IdA));
        return new StrongSwanPeerOptions([connection with
        {
            Psk = Psk,
            Proposals = ikeProposal,
            Children = [connection.Children[0] with { EspProposals = espProposal }],
        }])
        { Name = "b" };
    }

    private static SwanConnection Connection(string localWan, string remoteWan, string localLan, string remoteLan, SwanAuth local, SwanAuth remote) =>
        new(Ike, localWan, remoteWan, local, remote, [new SwanChild(Child, localLan + "/32", remoteLan + "/32")])
        {
            Proposals = "aes256gcm16-prfsha256-x25519",
        };
}
