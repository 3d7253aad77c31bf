namespace Kyoten.Ike.Sa;

internal enum ChildSaState
{
    Installed,
    /// <summary>We sent a CREATE_CHILD_SA with REKEY_SA for it.</summary>
    Rekeying,
    /// <summary>Replaced by a new CHILD SA; waiting for the delete exchange.</summary>
    Rekeyed,
    Deleting,
}
