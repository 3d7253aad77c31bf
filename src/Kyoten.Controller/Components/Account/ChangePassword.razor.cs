using System.ComponentModel.DataAnnotations;
using Kyoten.Controller.Data.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Kyoten.Controller.Components.Account;

public sealed partial class ChangePassword
{
    private List<string> _errors = [];
    private bool _mustChange;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private UserManager<AdminUser> Users { get; set; } = default!;

    [Inject]
    private SignInManager<AdminUser> SignIn { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "change-password")]
    private ChangePasswordInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        var user = await Users.GetUserAsync(HttpContext.User);
        _mustChange = user?.MustChangePassword ?? false;
    }

    private async Task ChangeAsync()
    {
        var user = await Users.GetUserAsync(HttpContext.User)
            ?? throw new InvalidOperationException("bug: change-password page reached without a user");
        var result = await Users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            _errors = result.Errors.Select(e => e.Description).ToList();
            return;
        }

        user.MustChangePassword = false;
        await Users.UpdateAsync(user);
        await SignIn.RefreshSignInAsync(user);
        var target = ReturnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
        Navigation.NavigateTo(target, forceLoad: true);
    }

    internal sealed class ChangePasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Use at least 12 characters.")]
        public string New { get; set; } = "";

        [Compare(nameof(New), ErrorMessage = "The two new passwords differ.")]
        public string Confirm { get; set; } = "";
    }
}
