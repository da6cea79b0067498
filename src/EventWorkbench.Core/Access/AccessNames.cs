namespace EventWorkbench.Access;

/// <summary>The rules for user names, passwords and API key names, with the message a person reads when one is broken.</summary>
public static class AccessNames
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const int MaxNameLength = 64;

    /// <summary>The actor of what the app does by itself (start-up accounts, the set-up link).</summary>
    public const string System = "system";

    /// <summary>The actor of a failed sign-in whose name matches no account.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>User names are case-insensitive: kept trimmed and in lower case.</summary>
    public static string Normalize(string? name) => (name ?? "").Trim().ToLowerInvariant();

    /// <summary>Null when <paramref name="userName"/> (normalized) is acceptable, else why not.</summary>
    public static string? UserNameProblem(string userName)
    {
        if (userName is System or Anonymous) return $"'{userName}' is reserved for the workbench itself";
        return NameProblem(userName, "a user name", "@");
    }

    public static string? KeyNameProblem(string name) => NameProblem(name, "a key name", "");

    public static string? PasswordProblem(string? password)
    {
        if (string.IsNullOrWhiteSpace(password)) return "A password is required";
        if (password.Length < MinPasswordLength) return $"A password needs at least {MinPasswordLength} characters";
        if (password.Length > MaxPasswordLength) return $"A password takes at most {MaxPasswordLength} characters";
        return password.Any(char.IsControl) ? "A password must not hold control characters" : null;
    }

    private static string? NameProblem(string name, string what, string extra)
    {
        if (name.Length < 2 || name.Length > MaxNameLength) return $"{Capitalized(what)} takes 2 to {MaxNameLength} characters";
        if (!char.IsAsciiLetterOrDigit(name[0])) return $"{Capitalized(what)} begins with a letter or a digit";
        var allowed = "._-" + extra;
        return name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || allowed.Contains(c, StringComparison.Ordinal))
            ? null
            : $"{Capitalized(what)} takes lower-case letters, digits and {string.Join(" ", allowed.ToCharArray())} only";
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
