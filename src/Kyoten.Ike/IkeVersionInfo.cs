namespace Kyoten.Ike;

/// <summary>Version constants of the IKE wire protocol this library speaks.</summary>
public static class IkeVersionInfo
{
    /// <summary>RFC 7296 §3.1: MjVer 2, MnVer 0, sent as 0x20.</summary>
    public const byte IkeV2 = 0x20;
}
