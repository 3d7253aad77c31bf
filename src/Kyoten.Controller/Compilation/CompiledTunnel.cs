using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Compilation;

/// <summary>One tunnel between two sites as derived from the topology; <see cref="A"/> has the lower name.</summary>
internal sealed record CompiledTunnel(Site A, Site B, Site Initiator, CryptoPolicy Policy, IReadOnlyList<string> TsA, IReadOnlyList<string> TsB)
{
    public string NameFrom(Site local) => $"{local.Name}--{(local.Id == A.Id ? B : A).Name}";
}
