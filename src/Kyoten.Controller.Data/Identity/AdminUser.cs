using Microsoft.AspNetCore.Identity;

namespace Kyoten.Controller.Data.Identity;

/// <summary>A person who signs in to the dashboard or the REST API.</summary>
public sealed class AdminUser : IdentityUser
{
    /// <summary>Set for a generated one-time password: the first sign-in must replace it.</summary>
    public bool MustChangePassword { get; set; }
}
