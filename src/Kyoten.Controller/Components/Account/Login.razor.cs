using System.ComponentModel.DataAnnotations;
using Kyoten.Controller.Data.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Kyoten.Controller.Components.Account;

public sealed partial class Login
{
    private string? _error;

    [Inject]
    private SignInManager<AdminUser> SignIn { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "login")]
    private LoginInput Input { get; set; } = default!;

    protected override void OnInitialized() => Input ??= new();

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private async Task SignInAsync()
    {
        var result = await SignIn.PasswordSignInAsync(Input.UserName, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            _error = L["Too many failed attempts. The account is locked for a few minutes."];
            return;
        }

        if (!result.Succeeded)
        {
            _error = L["Wrong user name or password."];
            return;
        }

        var user = await SignIn.UserManager.FindByNameAsync(Input.UserName);
        var target = LocalReturnUrl();
        Navigation.NavigateTo(user is { MustChangePassword: true } ? $"account/password?returnUrl={Uri.EscapeDataString(target)}" : target, forceLoad: true);
    }

    // Only local paths: a crafted returnUrl must never send a freshly signed-in admin elsewhere.
    private string LocalReturnUrl() =>
        ReturnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    internal sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your user name.")]
        [StringLength(64)]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(256)]
        public string Password { get; set; } = "";
    }
}
