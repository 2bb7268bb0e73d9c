namespace ArSpine.Core.Errors;

/// <summary>
/// Input that cannot be trusted: a file, field or argument whose value is not what was expected.
/// The message names where (file, field), what was expected and what was found; the command line prints
/// it without a stack trace and exits non-zero.
/// </summary>
public class InvalidInputException : Exception
{
    /// <summary>Creates the error with a complete message.</summary>
    public InvalidInputException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>Creates the error in the shape "FILE: FIELD: expected X. Was 'Y'."</summary>
    public static InvalidInputException Field(string? file, string field, string expected, object? found) =>
        new(FieldMessage(file, field, expected, found));

    /// <summary>The message "FILE: FIELD: expected X. Was 'Y'." (FILE and FIELD left out when null); values formatted invariantly.</summary>
    public static string FieldMessage(string? file, string? field, string expected, object? found) =>
        FormattableString.Invariant($"{(file is null ? "" : file + ": ")}{(field is null ? "" : field + ": ")}expected {expected}. Was '{found ?? "missing"}'.");
}
