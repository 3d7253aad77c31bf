using System.Security.Claims;
using System.Text.Encodings.Web;
using Kyoten.Controller.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Security;

/// <summary><c>Authorization: Bearer kyt_…</c>: looks up the token's hash; the token's role becomes the caller's role.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KyotenDbContext db,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiTokenFormat.TryParse(header["Bearer ".Length..].Trim(), out var hash))
        {
            return AuthenticateResult.Fail("malformed API token");
        }

        var now = time.GetUtcNow();
        var token = await db.ApiTokens.AsNoTracking()
            .SingleOrDefaultAsync(t => t.SecretHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), Context.RequestAborted)
            .ConfigureAwait(false);
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown, revoked or expired API token");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "token:" + token.Name), new Claim(ClaimTypes.Role, token.Role), new Claim("kyoten:api-token", token.Id.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
