using System.Net.Http.Headers;
using System.Net.Http.Json;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Security;
using Kyoten.Controller.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Controller.Tests.Infrastructure;

/// <summary>API clients authenticated by a bearer token made straight in the database (so tests need no sign-in).</summary>
internal static class ApiAccess
{
    public static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> factory, string role, Uri? baseAddress = null)
    {
        var (token, hash) = ApiTokenFormat.Create();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            db.ApiTokens.Add(new ApiToken { Id = Guid.NewGuid(), Name = $"test-{role}", Role = role, SecretHash = hash, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = baseAddress is null
            ? factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            : new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
}
