namespace Kyoten.Controller.Compilation;

internal enum ProposalKind
{
    Ike,
    Esp,
    Ah,
}
