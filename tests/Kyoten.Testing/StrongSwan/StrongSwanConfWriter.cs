using System.Text;

namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// The private strongswan.conf of one <see cref="StrongSwanPeer"/>. It does not include
/// /etc/strongswan.d, so only the plugins named here load. Order matters: kernel-libipsec must come
/// before kernel-netlink, otherwise SAs go to the kernel, which has no ESP here (shared/TESTING.md).
/// </summary>
public static class StrongSwanConfWriter
{
    /// <summary>
    /// Minimal plugin set for IKEv2 with PSK or X.509 (RSA/ECDSA) and AES-GCM/ChaCha20/CBC suites.
    /// kdf is needed since 5.9.8 for PRF+ (without it: "KDF_PRF with PRF_HMAC_SHA2_256 not
    /// supported"); openssl provides ECDSA, RSA and ECP groups; curve25519 gives x25519.
    /// </summary>
    public const string Plugins =
        "random nonce openssl x509 pem pkcs1 pkcs8 pubkey revocation constraints aes sha1 sha2 hmac kdf gcm chapoly curve25519 " +
        "kernel-libipsec kernel-netlink socket-default vici";

    public static string Write(string logPath, string viciSocketPath)
    {
        var text = new StringBuilder();
        text.Append($$"""
            charon {
              load_modular = no
              load = {{Plugins}}
              install_routes = yes
              retransmit_tries = 3
              retransmit_timeout = 1.0
              filelog {
                peer {
                  path = {{logPath}}
                  time_format = %H:%M:%S
                  flush_line = yes
                  default = 1
                  ike = 2
                  cfg = 2
                  chd = 2
                  knl = 2
                  net = 1
                  enc = 1
                }
              }
              syslog {
                identifier = kyoten-test-charon
                daemon {
                  default = -1
                }
              }
              plugins {
                vici {
                  socket = unix://{{viciSocketPath}}
                }
              }
            }

            """);
        return text.ToString();
    }
}
