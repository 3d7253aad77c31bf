namespace Kyoten.Controller.Data.Fleet;

public enum IpsecProtocolKind
{
    Esp,
    Ah,
}
