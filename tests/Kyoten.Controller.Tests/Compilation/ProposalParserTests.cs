using CsCheck;
using Kyoten.Controller.Compilation;

namespace Kyoten.Controller.Tests.Compilation;

public sealed class ProposalParserTests
{
    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", "Ike")]
    [InlineData("aes256gcm16-prfsha256-ecp256", "Ike")]
    [InlineData("aes256-sha256-modp3072", "Ike")]
    [InlineData("chacha20poly1305-prfsha512-x448", "Ike")]
    [InlineData("aes256gcm16", "Esp")]
    [InlineData("aes256gcm16-x25519", "Esp")]
    [InlineData("aes256-sha384-ecp384-esn", "Esp")]
    [InlineData("sha256", "Ah")]
    public void Check_StrongProposals_AreValidAndNotWeak(string proposal, string kind)
    {
        var check = ProposalParser.Check(proposal, Enum.Parse<ProposalKind>(kind));

        Assert.True(check.IsValid, check.Error);
        Assert.False(check.IsWeak);
    }

    [Theory]
    [InlineData("3des-sha1-modp1024", "Ike")]
    [InlineData("aes128-sha1-modp2048", "Ike")]
    [InlineData("aes256gcm16-prfsha256-modp1024", "Ike")]
    [InlineData("aes128-sha1", "Esp")]
    [InlineData("aes256gcm16-modp1536", "Esp")]
    public void Check_WeakAlgorithms_AreValidButMarkedWeak(string proposal, string kind)
    {
        var check = ProposalParser.Check(proposal, Enum.Parse<ProposalKind>(kind));

        Assert.True(check.IsValid, check.Error);
        Assert.True(check.IsWeak);
    }

    [Theory]
    [InlineData("", "Ike")]
    [InlineData("aes256gcm16-x25519", "Ike")] // AEAD without PRF
    [InlineData("aes256gcm16-prfsha256", "Ike")] // no key exchange
    [InlineData("aes256-prfsha256-x25519", "Ike")] // CBC without integrity
    [InlineData("aes256gcm16-sha256-prfsha256-x25519", "Ike")]
    [InlineData("aes256gcm16-prfsha256", "Esp")]
    [InlineData("aes256gcm16", "Ah")]
    [InlineData("rot13-sha256", "Esp")]
    [InlineData("<script>alert(1)</script>", "Esp")]
    [InlineData("aes256gcm16--x25519", "Esp")]
    [InlineData("aes256gcm16-x25519-ecp256", "Esp")]
    public void Check_Nonsense_IsInvalidWithAReason(string proposal, string kind)
    {
        var check = ProposalParser.Check(proposal, Enum.Parse<ProposalKind>(kind));

        Assert.False(check.IsValid);
        Assert.False(string.IsNullOrEmpty(check.Error));
    }

    [Fact]
    public void Check_NeverThrows_OnArbitraryInput()
    {
        Gen.String.Sample(s =>
        {
            _ = ProposalParser.Check(s, ProposalKind.Ike);
            _ = ProposalParser.Check(s, ProposalKind.Esp);
        });
    }
}
