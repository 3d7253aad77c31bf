namespace Kyoten.Esp.Tests;

/// <summary>Every algorithm × protocol × mode × IP version the data path supports.</summary>
internal static class AlgorithmMatrix
{
    public static TheoryData<IpsecProtocol, IpsecMode, EspAlgorithm, AhAlgorithm, int> All()
    {
        var data = new TheoryData<IpsecProtocol, IpsecMode, EspAlgorithm, AhAlgorithm, int>();
        foreach (IpsecMode mode in Enum.GetValues<IpsecMode>())
        {
            foreach (int version in new[] { 4, 6 })
            {
                foreach (EspAlgorithm esp in Enum.GetValues<EspAlgorithm>())
                {
                    data.Add(IpsecProtocol.Esp, mode, esp, AhAlgorithm.HmacSha256, version);
                }

                foreach (AhAlgorithm ah in Enum.GetValues<AhAlgorithm>())
                {
                    data.Add(IpsecProtocol.Ah, mode, EspAlgorithm.AesGcm128, ah, version);
                }
            }
        }

        return data;
    }

    public static TheoryData<EspAlgorithm> EspAlgorithms() => new(Enum.GetValues<EspAlgorithm>());
}
