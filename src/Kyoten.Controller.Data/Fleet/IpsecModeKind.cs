namespace Kyoten.Controller.Data.Fleet;

public enum IpsecModeKind
{
    Tunnel,
    Transport,
}
