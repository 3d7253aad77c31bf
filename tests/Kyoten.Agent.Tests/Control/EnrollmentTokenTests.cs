using Kyoten.Agent.Control;
using Kyoten.Agent.Tests.Support;

namespace Kyoten.Agent.Tests.Control;

public sealed class EnrollmentTokenTests
{
    [Fact]
    public void ControllerFormat_ParsesToTheCaHash()
    {
        using var pki = new TestPki();

        Assert.True(EnrollmentToken.TryParse(pki.NewToken(), out var token, out _));

        Assert.Equal(pki.CaHash, token.CaCertificateHash);
    }

    [Fact]
    public void ToString_HidesTheSecret()
    {
        using var pki = new TestPki();
        var text = pki.NewToken();
        Assert.True(EnrollmentToken.TryParse(text, out var token, out _));

        Assert.DoesNotContain(text.Split('.')[2], token.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(".***", token.ToString(), StringComparison.Ordinal);
    }
}
