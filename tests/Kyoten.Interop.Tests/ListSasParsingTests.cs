using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>The harness's reading of <c>swanctl --list-sas --pretty</c>, on output captured from strongSwan 5.9.8 here.</summary>
public sealed class ListSasParsingTests
{
    // Captured from `swanctl --list-sas --pretty` (strongSwan 5.9.8, Debian 12) right after a CHILD
    // rekey: the old CHILD SA is still listed as DELETED next to the new INSTALLED one.
    private const string Captured = """
        list-sa event {
          t {
            uniqueid = 2
            version = 2
            state = ESTABLISHED
            local-host = 192.0.2.1
            local-port = 4500
            local-id = a.test
            remote-host = 192.0.2.2
            remote-port = 4500
            remote-id = C=CH, O=strongSwan, CN=b.test
            initiator = yes
            initiator-spi = f6b28ae6fc930780
            responder-spi = eab084444eb635ad
            nat-remote = yes
            nat-any = yes
            encr-alg = AES_GCM_16
            encr-keysize = 256
            prf-alg = PRF_HMAC_SHA2_256
            dh-group = CURVE_25519
            established = 0
            rekey-time = 13761
            child-sas {
              c-1 {
                name = c
                uniqueid = 1
                reqid = 1
                state = DELETED
                mode = TUNNEL
                protocol = ESP
                encap = yes
                spi-in = 78fd7a19
                spi-out = 4a1baf0e
                encr-alg = AES_GCM_16
                encr-keysize = 256
                bytes-in = 252
                packets-in = 3
                bytes-out = 252
                packets-out = 3
                local-ts = [
                  198.18.1.1/32
                ]
                remote-ts = [
                  198.18.2.1/32
                ]
              }
              c-2 {
                name = c
                uniqueid = 2
                reqid = 1
                state = INSTALLED
                mode = TUNNEL
                protocol = ESP
                encap = yes
                spi-in = 2fbd475a
                spi-out = c843f79f
                encr-alg = AES_CBC
                encr-keysize = 128
                integ-alg = HMAC_SHA2_256_128
                bytes-in = 0
                packets-in = 0
                bytes-out = 0
                packets-out = 0
                local-ts = [
                  198.18.1.0/24
                  198.18.3.0/24
                ]
                remote-ts = [
                  198.18.2.1/32
                ]
              }
            }
          }
        }
        list-sas reply {
        }
        """;

    [Fact]
    public void ListSas_ReadsIkeSaFields()
    {
        var sa = Assert.Single(IkeSaInfo.ParseListSas(Captured));

        Assert.Equal(("t", 2u, 2, "ESTABLISHED", true), (sa.Name, sa.UniqueId, sa.Version, sa.State, sa.IsInitiator));
        Assert.Equal(("192.0.2.1", 4500, "a.test"), (sa.LocalHost, sa.LocalPort, sa.LocalId));
        Assert.Equal("C=CH, O=strongSwan, CN=b.test", sa.RemoteId);
        Assert.Equal((0xf6b28ae6fc930780UL, 0xeab084444eb635adUL), (sa.InitiatorSpi, sa.ResponderSpi));
        Assert.Equal(("AES_GCM_16", 256, "PRF_HMAC_SHA2_256", "CURVE_25519", (string?)null), (sa.EncryptionAlgorithm, sa.EncryptionKeySize, sa.PrfAlgorithm, sa.DhGroup, sa.IntegrityAlgorithm));
    }

    [Fact]
    public void ListSas_ReadsEveryChildSa_WithSpisAlgorithmsCountersAndSelectorLists()
    {
        var sa = Assert.Single(IkeSaInfo.ParseListSas(Captured));

        Assert.Equal(2, sa.Children.Count);
        Assert.Equal(("DELETED", 0x78fd7a19u, 0x4a1baf0eu, 252UL, 3UL), (sa.Children[0].State, sa.Children[0].SpiIn, sa.Children[0].SpiOut, sa.Children[0].BytesIn, sa.Children[0].PacketsOut));
        var installed = Assert.Single(sa.InstalledChildren);
        Assert.Equal((0x2fbd475au, 0xc843f79fu), (installed.SpiIn, installed.SpiOut));
        Assert.Equal(("AES_CBC", 128, "HMAC_SHA2_256_128"), (installed.EncryptionAlgorithm, installed.EncryptionKeySize, installed.IntegrityAlgorithm));
        Assert.Equal(("TUNNEL", "ESP", true), (installed.Mode, installed.Protocol, installed.Encapsulated));
        Assert.Equal(["198.18.1.0/24", "198.18.3.0/24"], installed.LocalTs);
        Assert.Equal(["198.18.2.1/32"], installed.RemoteTs);
    }

    [Fact]
    public void ListSas_OfAnIdleDaemon_IsEmpty_AndTruncatedOutputDoesNotThrow()
    {
        Assert.Empty(IkeSaInfo.ParseListSas("list-sas reply {\n}\n"));
        for (var length = 0; length < Captured.Length; length += 37)
        {
            _ = IkeSaInfo.ParseListSas(Captured[..length]);
        }
    }
}
