using System.Net;
using System.Text.RegularExpressions;

namespace Kyoten.Controller.Tests.Infrastructure;

/// <summary>Fills in and posts server-rendered forms the way a browser does, antiforgery included.</summary>
internal static partial class HtmlForms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, IDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var page = await client.GetStringAsync(pageUrl, cancellationToken);
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        Assert.Contains("__RequestVerificationToken", form.Keys);
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(form), cancellationToken);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"|<input[^>]*name=\"(?<name>[^\"]+)\"[^>]*type=\"hidden\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
