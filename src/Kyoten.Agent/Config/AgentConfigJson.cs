using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Config;

/// <summary>
/// AgentConfig as protobuf JSON: the standalone configuration file and the on-disk cache share
/// this format. Parse errors name the field (<c>tunnels[1].auth: ...</c>) and never echo a PSK.
/// </summary>
internal static class AgentConfigJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());

    public static string Format(AgentConfig config) => Formatter.Format(config);

    public static bool TryParse(string json, out AgentConfig config, out IReadOnlyList<string> errors)
    {
        config = new AgentConfig();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            // LineNumber/BytePositionInLine are zero-based.
            errors = [$"not valid JSON at line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}"];
            return false;
        }

        using (document)
        {
            errors = ProtoJsonChecker.Check(document.RootElement, AgentConfig.Descriptor);
            if (errors.Count > 0)
            {
                return false;
            }
        }

        try
        {
            config = Parser.Parse<AgentConfig>(StripComments(json));
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            errors = [e.Message];
            return false;
        }
        catch (InvalidJsonException e)
        {
            errors = [e.Message];
            return false;
        }
    }

    /// <summary>Reads a file; I/O problems become errors too, so callers have one failure path.</summary>
    public static bool TryLoad(string path, out AgentConfig config, out IReadOnlyList<string> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            config = new AgentConfig();
            errors = [$"cannot read {path}: {e.Message}"];
            return false;
        }

        return TryParse(text, out config, out errors);
    }

    // Google.Protobuf's parser has no comment support; re-serialise through System.Text.Json.
    private static string StripComments(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.RootElement.WriteTo(writer); // GetRawText would keep the comments
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
