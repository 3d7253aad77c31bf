namespace Kyoten.Testing.StrongSwan;

public enum SwanKeyType
{
    EcdsaP256,
    Rsa2048,
}
