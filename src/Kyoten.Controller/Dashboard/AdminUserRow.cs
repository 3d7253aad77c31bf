namespace Kyoten.Controller.Dashboard;

/// <summary>A dashboard user and their role.</summary>
public sealed record AdminUserRow(string Id, string UserName, string Role, bool LockedOut);
