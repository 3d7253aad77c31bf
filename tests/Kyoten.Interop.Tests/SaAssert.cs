using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>What two ends of one tunnel must agree on, as a user would check with swanctl --list-sas.</summary>
internal static class SaAssert
{
    /// <summary>Same IKE SPIs and suite; each side's inbound CHILD SPI is the other's outbound one.</summary>
    public static void Mirrored(IkeSaInfo a, IkeSaInfo b)
    {
        Assert.Equal("ESTABLISHED", a.State);
        Assert.Equal("ESTABLISHED", b.State);
        Assert.NotEqual(a.IsInitiator, b.IsInitiator);
        Assert.Equal(a.InitiatorSpi, b.InitiatorSpi);
        Assert.Equal(a.ResponderSpi, b.ResponderSpi);
        Assert.Equal((a.EncryptionAlgorithm, a.EncryptionKeySize, a.PrfAlgorithm, a.DhGroup), (b.EncryptionAlgorithm, b.EncryptionKeySize, b.PrfAlgorithm, b.DhGroup));
        var childA = Assert.Single(a.InstalledChildren);
        var childB = Assert.Single(b.InstalledChildren);
        Assert.Equal("INSTALLED", childA.State);
        Assert.Equal("INSTALLED", childB.State);
        Assert.NotEqual(0u, childA.SpiIn);
        Assert.NotEqual(0u, childA.SpiOut);
        Assert.Equal(childA.SpiIn, childB.SpiOut);
        Assert.Equal(childA.SpiOut, childB.SpiIn);
        Assert.Equal((childA.EncryptionAlgorithm, childA.EncryptionKeySize, childA.IntegrityAlgorithm), (childB.EncryptionAlgorithm, childB.EncryptionKeySize, childB.IntegrityAlgorithm));
        Assert.Equal(childA.LocalTs, childB.RemoteTs);
        Assert.Equal(childA.RemoteTs, childB.LocalTs);
    }
}
