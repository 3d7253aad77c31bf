using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Tasks;
using Xunit;

namespace Kyoten.Ike.Tests.Proposals;

public sealed class ProposalSelectorTests
{
    private static List<Proposal> Ike(params string[] notation) => ProposalParser.ParseAll(notation, ProtocolId.Ike);

    [Fact]
    public void Responder_ranking_wins_over_initiator_order()
    {
        var offered = Ike("aes128-sha256-ecp256", "aes256gcm16-prfsha384-x25519");
        var mine = Ike("aes256gcm16-prfsha384-x25519", "aes128-sha256-ecp256");

        var chosen = ProposalSelector.Select(mine, offered, forIke: true);

        Assert.Equal("aes256gcm16-prfsha384-x25519", ProposalSelector.ToIkeAlgorithms(chosen!).ToString());
        Assert.Equal(2, chosen!.Number);
    }

    [Fact]
    public void Within_a_proposal_our_algorithm_order_wins()
    {
        var offered = Ike("aes128gcm16-aes256gcm16-prfsha256-ecp256-x25519");
        var mine = Ike("aes256gcm16-aes128gcm16-prfsha256-x25519-ecp256");

        var chosen = ProposalSelector.Select(mine, offered, forIke: true);

        Assert.Equal("aes256gcm16-prfsha256-x25519", ProposalSelector.ToIkeAlgorithms(chosen!).ToString());
        Assert.True(ProposalSelector.IsAcceptableAnswer(offered, chosen!));
    }

    [Fact]
    public void Nothing_shared_gives_null()
    {
        Assert.Null(ProposalSelector.Select(Ike("aes256gcm16-prfsha384-x25519"), Ike("aes128-sha256-ecp256"), forIke: true));
    }

    [Fact]
    public void Answer_with_a_transform_we_did_not_offer_is_refused()
    {
        var offered = Ike("aes256gcm16-prfsha256-x25519");
        var answer = Ike("aes256gcm16-prfsha256-ecp256")[0];

        Assert.False(ProposalSelector.IsAcceptableAnswer(offered, answer));
    }

    [Theory]
    [InlineData("aes256gcm16-prfsha256")]
    [InlineData("aes256-x25519")]
    [InlineData("blowfish-sha1-modp1024")]
    public void Incomplete_or_unknown_ike_notation_is_refused(string notation)
    {
        Assert.False(ProposalParser.TryParse(notation, ProtocolId.Ike, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Narrowing_intersects_ranges_protocols_and_ports()
    {
        Assert.True(TrafficSelector.TryParseCidr("198.18.0.0/16", out var wide, 6, 0, 1000));
        Assert.True(TrafficSelector.TryParseCidr("198.18.1.0/24", out var policy, 0, 443, 8443));

        var narrowed = TrafficSelectorNarrowing.Narrow([wide!], [policy!]).Single();

        Assert.Equal("198.18.1.0", narrowed.StartAddress.ToString());
        Assert.Equal("198.18.1.255", narrowed.EndAddress.ToString());
        Assert.Equal(6, narrowed.IpProtocol);
        Assert.Equal(443, narrowed.StartPort);
        Assert.Equal(1000, narrowed.EndPort);
        Assert.True(TrafficSelector.TryParseCidr("2001:db8::/32", out var v6));
        Assert.Empty(TrafficSelectorNarrowing.Narrow([v6!], [policy!]));
    }
}
