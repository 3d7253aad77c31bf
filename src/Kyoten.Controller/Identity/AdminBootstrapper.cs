using System.Security.Cryptography;
using Kyoten.Controller.Data.Identity;
using Kyoten.Controller.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Identity;

/// <summary>
/// Creates the roles and, when no user exists yet, the first admin. There is no default
/// password: it comes from configuration or is generated once and shown once.
/// </summary>
internal sealed partial class AdminBootstrapper(
    UserManager<AdminUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<KyotenOptions> options,
    ILogger<AdminBootstrapper> logger)
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    public async Task EnsureFirstAdminAsync()
    {
        foreach (var role in KyotenRoles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false));
            }
        }

        if (users.Users.Any())
        {
            return;
        }

        var settings = options.Value;
        var generated = string.IsNullOrEmpty(settings.InitialAdminPassword);
        var password = generated ? RandomNumberGenerator.GetString(PasswordAlphabet, 20) : settings.InitialAdminPassword!;
        var admin = new AdminUser { UserName = settings.InitialAdminUser, MustChangePassword = generated };
        Check(await users.CreateAsync(admin, password).ConfigureAwait(false));
        Check(await users.AddToRoleAsync(admin, KyotenRoles.Admin).ConfigureAwait(false));
        LogFirstAdminCreated(logger, admin.UserName!);

        if (generated)
        {
            // Shown once on the console (never through the logger), and kept for the operator in a
            // file only root can read when a path is configured.
            Console.WriteLine($"kyoten: first admin '{admin.UserName}' created; one-time password: {password}");
            if (!string.IsNullOrEmpty(settings.InitialAdminPasswordFile))
            {
                await WriteSecretFileAsync(settings.InitialAdminPasswordFile, $"{admin.UserName}\n{password}\n").ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteSecretFileAsync(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content).ConfigureAwait(false);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "Creating the first admin failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "First admin {User} created")]
    private static partial void LogFirstAdminCreated(ILogger logger, string user);
}
