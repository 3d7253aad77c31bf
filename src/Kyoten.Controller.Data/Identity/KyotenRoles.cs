namespace Kyoten.Controller.Data.Identity;

/// <summary>The two roles: admins change things, viewers only read.</summary>
public static class KyotenRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Viewer];
}
