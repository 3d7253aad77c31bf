using System.Security.Cryptography;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests.Vectors;

/// <summary>RFC 4868 §2.7.2 authenticator test vectors (key length = hash output length, ICV truncated to half).</summary>
public sealed class Rfc4868HmacVectorTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // §2.7.2.1 AUTH256-1: key 0x0b × 32, "Hi There" -> HMAC-SHA-256-128.
        { "SHA256", new string('0', 0) + string.Concat(Enumerable.Repeat("0b", 32)), Convert.ToHexString("Hi There"u8), "198a607eb44bfbc69903a0f1cf2bbdc5" },
        // §2.7.2.1 AUTH256-2: key "Jefe" × 8, "what do ya want for nothing?".
        { "SHA256", string.Concat(Enumerable.Repeat("4a656665", 8)), Convert.ToHexString("what do ya want for nothing?"u8), "167f928588c5cc2eef8e3093caa0e87c" },
        // §2.7.2.2 AUTH384-1: key 0x0b × 48 -> HMAC-SHA-384-192.
        { "SHA384", string.Concat(Enumerable.Repeat("0b", 48)), Convert.ToHexString("Hi There"u8), "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973" },
        // §2.7.2.2 AUTH384-2: key "Jefe" × 12.
        { "SHA384", string.Concat(Enumerable.Repeat("4a656665", 12)), Convert.ToHexString("what do ya want for nothing?"u8), "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d" },
        // §2.7.2.3 AUTH512-1: key 0x0b × 64 -> HMAC-SHA-512-256.
        { "SHA512", string.Concat(Enumerable.Repeat("0b", 64)), Convert.ToHexString("Hi There"u8), "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TruncatedHmac_MatchesTheRfcIcv(string hash, string key, string data, string icv)
    {
        using var hmac = new TruncatedHmac(new HashAlgorithmName(hash), Hex.Bytes(key), icv.Length / 2);
        byte[] output = new byte[icv.Length / 2];

        // Split the input to check incremental appends give the same ICV as one block.
        byte[] message = Hex.Bytes(data);
        hmac.Append(message.AsSpan(0, 3));
        hmac.Append(message.AsSpan(3));
        hmac.Finish(output);

        Assert.Equal(icv, Hex.Of(output));
        hmac.Append(message);
        Assert.True(hmac.Verify(Hex.Bytes(icv)));
    }
}
