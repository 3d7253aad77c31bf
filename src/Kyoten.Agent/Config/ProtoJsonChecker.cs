using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Kyoten.Agent.Config;

/// <summary>
/// Walks protobuf JSON against a message descriptor before Google.Protobuf parses it, so a
/// mistake in a hand-written file is reported with its path (<c>tunnels[1].auth</c>), which the
/// parser's own exceptions do not give. Reports every problem it finds, not only the first.
/// </summary>
internal static class ProtoJsonChecker
{
    public static IReadOnlyList<string> Check(JsonElement element, MessageDescriptor descriptor)
    {
        var errors = new List<string>();
        CheckMessage(element, descriptor, "", errors);
        return errors;
    }

    private static void CheckMessage(JsonElement element, MessageDescriptor descriptor, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{Describe(path)}: expected an object ({descriptor.Name}), found {Kind(element)}");
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            var field = descriptor.FindFieldByName(property.Name)
                ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            var fieldPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (field is null)
            {
                errors.Add($"{fieldPath}: unknown field (known: {string.Join(", ", descriptor.Fields.InDeclarationOrder().Select(f => f.Name))})");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{fieldPath}: expected a list, found {Kind(property.Value)}");
                    continue;
                }

                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    CheckValue(item, field, $"{fieldPath}[{index++}]", errors);
                }
            }
            else
            {
                CheckValue(property.Value, field, fieldPath, errors);
            }
        }
    }

    private static void CheckValue(JsonElement value, FieldDescriptor field, string path, List<string> errors)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                CheckMessage(value, field.MessageType, path, errors);
                break;
            case FieldType.String:
                Expect(value.ValueKind == JsonValueKind.String, "a string", value, path, errors);
                break;
            case FieldType.Bool:
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, "true or false", value, path, errors);
                break;
            case FieldType.Enum:
                CheckEnum(value, field.EnumType, path, errors);
                break;
            case FieldType.Bytes:
                Expect(value.ValueKind == JsonValueKind.String, "a base64 string", value, path, errors);
                break;
            case FieldType.Double or FieldType.Float:
                Expect(value.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.String, "a number", value, path, errors);
                break;
            default:
                CheckInteger(value, field.FieldType, path, errors);
                break;
        }
    }

    private static void CheckEnum(JsonElement value, EnumDescriptor type, string path, List<string> errors)
    {
        var known = value.ValueKind switch
        {
            JsonValueKind.String => type.FindValueByName(value.GetString()!) is not null,
            JsonValueKind.Number => value.TryGetInt32(out var number) && type.FindValueByNumber(number) is not null,
            _ => false,
        };
        if (!known)
        {
            var names = string.Join(", ", type.Values.Where(v => v.Number != 0).Select(v => v.Name));
            errors.Add($"{path}: {Quote(value)} is not a valid {type.Name} (one of: {names})");
        }
    }

    private static void CheckInteger(JsonElement value, FieldType type, string path, List<string> errors)
    {
        // Protobuf JSON allows integers as numbers or as strings (64-bit values are strings).
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        var unsigned = type is FieldType.UInt32 or FieldType.UInt64 or FieldType.Fixed32 or FieldType.Fixed64;
        var wide = type is FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64;
        bool ok;
        if (unsigned)
        {
            ok = ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var u)
                && (wide || u <= uint.MaxValue);
        }
        else
        {
            ok = long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var s)
                && (wide || s is >= int.MinValue and <= int.MaxValue);
        }

        if (!ok)
        {
            var expected = unsigned ? "a non-negative whole number" : "a whole number";
            var found = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Kind(value);
            errors.Add($"{path}: expected {expected}{(wide ? "" : " (32-bit)")}, found {found}");
        }
    }

    private static void Expect(bool condition, string expected, JsonElement value, string path, List<string> errors)
    {
        if (!condition)
        {
            errors.Add($"{path}: expected {expected}, found {Kind(value)}");
        }
    }

    private static string Describe(string path) => path.Length == 0 ? "(top level)" : path;

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    // Only enum-like words are echoed: a secret typed into the wrong field must not reach a log.
    private static string Quote(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString() is { Length: <= 64 } text && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') ? $"\"{text}\"" : "a string"
            : element.ValueKind == JsonValueKind.Number ? element.GetRawText() : Kind(element);
}
