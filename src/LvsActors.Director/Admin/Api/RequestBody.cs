using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LvsActors.Director.Admin.Api;

/// <summary>Why a body was refused: 400 or 413, and what is wrong.</summary>
internal sealed record BodyProblem(int Status, string Detail);

/// <summary>
/// A write's JSON body, read by hand so that every mistake is answered with what is wrong and where
/// ("field weight: \"heavy\" is not a whole number; accepted: 0 to 65535"), not a bare 400. A value is repeated in an
/// answer only through <see cref="ApiLimits.Echo"/>.
/// </summary>
internal sealed class RequestBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = ApiLimits.MaxJsonDepth };
    private readonly Dictionary<string, JsonElement> _fields;
    private readonly List<string> _errors = [];

    private RequestBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    /// <summary>The errors found so far, one sentence each.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>
    /// Reads the body (at most <see cref="ApiLimits.MaxBodyBytes"/>) as a JSON object with each field once; an empty
    /// body is an empty object. Returns the problem otherwise.
    /// </summary>
    public static async Task<(RequestBody? Body, BodyProblem? Problem)> ReadAsync(HttpRequest request, params string[] fields)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > ApiLimits.MaxBodyBytes)
            {
                return (null, new BodyProblem(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {ApiLimits.MaxBodyBytes} bytes, the most accepted"));
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray().AsMemory();
        // A UTF-8 byte order mark is tolerated, as the StreamReader this replaced tolerated it.
        bytes = bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        if (bytes.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return (new RequestBody([]), null);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException e)
        {
            return (null, Malformed($"the body is not JSON: {ApiLimits.Echo(e.Message, 200)}"));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Malformed($"the body must be a JSON object such as {{\"weight\": 5}}, not {root.ValueKind.ToString().ToLowerInvariant()}"));
            }
            var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (StringOf(property) is not { } name)
                {
                    return (null, Malformed($"a field name {LoneSurrogate}"));
                }
                // A repeated field is refused rather than resolved: readers disagree on which one wins.
                if (!seen.TryAdd(name, property.Value.Clone()))
                {
                    return (null, Malformed($"field {ApiLimits.Echo(name)} appears more than once; send each field once"));
                }
            }
            var unknown = seen.Keys.Where(k => !fields.Contains(k)).Select(k => ApiLimits.Echo(k)).ToList();
            if (unknown.Count > 0)
            {
                return (null, Malformed($"unknown field {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", …" : "")}; accepted: {(fields.Length == 0 ? "none (send no body)" : string.Join(", ", fields))}"));
            }
            return (new RequestBody(seen), null);
        }
    }

    public int? Integer(string field, int min, int max, bool required)
    {
        if (!_fields.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                _errors.Add($"field {field} is required: a whole number from {min} to {max}");
            }
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) && i >= min && i <= max)
        {
            return i;
        }
        _errors.Add($"field {field}: {ApiLimits.Echo(value.GetRawText())} is not accepted; accepted: a whole number from {min} to {max}");
        return null;
    }

    /// <summary>A name or an address: printable text of at most <paramref name="maxLength"/> characters.</summary>
    public string? Name(string field, int maxLength, bool required)
    {
        if (!_fields.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                _errors.Add($"field {field} is required");
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add($"field {field}: {ApiLimits.Echo(value.GetRawText())} is not a string");
            return null;
        }
        if (StringOf(value) is not { } text)
        {
            _errors.Add($"field {field} {LoneSurrogate}");
            return null;
        }
        if (ApiLimits.CheckName($"field {field}", text, maxLength) is { } error)
        {
            _errors.Add(error);
            return null;
        }
        return text;
    }

    /// <summary>A duration: a number of seconds, or a string with ms, s, m, h or d ("10m"); more than 0, at most 7 days.</summary>
    public TimeSpan? Duration(string field)
    {
        if (!_fields.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var duration = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var seconds) && seconds > 0 && seconds <= ApiLimits.MaxDrainTimeout.TotalSeconds
                => TimeSpan.FromSeconds(seconds),
            JsonValueKind.String => StringOf(value) is { } text ? Parse(text) : null,
            _ => null,
        };
        if (duration is { } d && d > TimeSpan.Zero && d <= ApiLimits.MaxDrainTimeout)
        {
            return d;
        }
        _errors.Add($"field {field}: {ApiLimits.Echo(value.GetRawText())} is not accepted; accepted: a duration above 0 and at most 7d, as seconds or a string such as \"90s\", \"10m\", \"1h\"");
        return null;
    }

    private static TimeSpan? Parse(string text)
    {
        try
        {
            return LvsActors.Configuration.DurationText.Parse(text);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            // "99999999999d" is a duration in form, but none that a TimeSpan holds.
            return null;
        }
    }

    // JSON may escape half of a UTF-16 surrogate pair ("\uD800"), which no .NET string reader accepts.
    private const string LoneSurrogate = "holds an escaped lone UTF-16 surrogate (\\uD800–\\uDFFF without its pair)";

    private static string? StringOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static BodyProblem Malformed(string detail) => new(StatusCodes.Status400BadRequest, detail);
}
