using System.Security.Claims;
using Kyoten.Controller.Api;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kyoten.Controller.Hosting;

/// <summary>
/// <c>Kyoten.Controller create-api-token --name N [--role admin|viewer] [--days D]</c>: issues an API
/// token from the host, for automation that has no browser session to ask for one (provisioning
/// scripts, the demo, end-to-end tests). Same validation, hashing and audit entry as
/// <c>POST /api/api-tokens</c>; the secret is printed once on standard output.
/// </summary>
internal static class ApiTokenCommand
{
    public const string Name = "create-api-token";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        if ((await db.PendingMigrationsAsync().ConfigureAwait(false)).Count > 0)
        {
            Console.Error.WriteLine("kyoten: the database lacks migrations: run 'Kyoten.Controller migrate' first");
            return 1;
        }

        int? days = Option(args, "--days") is { } text ? (int.TryParse(text, out var d) ? d : -1) : null;
        var input = new ApiTokenEndpoints.ApiTokenInput(Option(args, "--name"), Option(args, "--role") ?? "admin", days);
        var operator_ = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, $"cli:{Environment.UserName}")], "cli"));
        var result = await ApiTokenEndpoints.CreateAsync(input, db, scope.ServiceProvider.GetRequiredService<AuditRecorder>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), operator_, CancellationToken.None).ConfigureAwait(false);
        switch (result)
        {
            case Created<ApiTokenEndpoints.ApiTokenCreated> { Value: { } created }:
                Console.WriteLine(created.Secret);
                return 0;
            case ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails problem }:
                foreach (var (field, messages) in problem.Errors)
                {
                    Console.Error.WriteLine($"kyoten: {field}: {string.Join("; ", messages)}");
                }

                return 2;
            default:
                throw new InvalidOperationException($"bug: unexpected result {result.GetType().Name} from the API token handler");
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
