namespace Kyoten.Controller.Resources;

/// <summary>
/// Marker for the dashboard's string table (Strings.resx, Strings.ja.resx). Keys are the English
/// text, so a missing translation falls back to readable English.
/// </summary>
public sealed class Strings;
