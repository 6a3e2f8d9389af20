using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// A write's JSON body, read by hand so that every mistake is answered with what is wrong and where
/// ("field weight: \"heavy\" is not a whole number; accepted: 0 to 65535"), not a bare 400.
/// </summary>
internal sealed class RequestBody
{
    private readonly JsonObject _body;
    private readonly List<string> _errors = [];

    private RequestBody(JsonObject body) => _body = body;

    /// <summary>The errors found so far, one sentence each.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Reads the body as a JSON object; an empty body is an empty object. Returns null with the reason otherwise.</summary>
    public static async Task<(RequestBody? Body, string? Error)> ReadAsync(HttpRequest request, params string[] fields)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        JsonNode? node;
        try
        {
            node = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not JSON: {e.Message}");
        }
        if (node is not JsonObject body)
        {
            return (null, $"the body must be a JSON object such as {{\"weight\": 5}}, not {node?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}");
        }
        var unknown = body.Select(kv => kv.Key).Where(k => !fields.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"unknown field {string.Join(", ", unknown)}; accepted: {(fields.Length == 0 ? "none (send no body)" : string.Join(", ", fields))}");
        }
        return (new RequestBody(body), null);
    }

    public int? Integer(string field, int min, int max, bool required)
    {
        switch (_body[field])
        {
            case null when required:
                _errors.Add($"field {field} is required: a whole number from {min} to {max}");
                return null;
            case null:
                return null;
            case JsonValue v when v.TryGetValue<int>(out var i) && i >= min && i <= max:
                return i;
            case var other:
                _errors.Add($"field {field}: {other.ToJsonString()} is not accepted; accepted: a whole number from {min} to {max}");
                return null;
        }
    }

    public string? String(string field, bool required)
    {
        switch (_body[field])
        {
            case null when required:
                _errors.Add($"field {field} is required");
                return null;
            case null:
                return null;
            case JsonValue v when v.TryGetValue<string>(out var s):
                return s;
            case var other:
                _errors.Add($"field {field}: {other.ToJsonString()} is not a string");
                return null;
        }
    }

    /// <summary>A duration: a number of seconds, or a string with ms, s, m, h or d ("10m").</summary>
    public TimeSpan? Duration(string field)
    {
        var node = _body[field];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue n && n.TryGetValue<double>(out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (node is JsonValue s && s.TryGetValue<string>(out var text) && LvsActors.Configuration.DurationText.Parse(text) is { } parsed && parsed > TimeSpan.Zero)
        {
            return parsed;
        }
        _errors.Add($"field {field}: {node.ToJsonString()} is not a duration; accepted: seconds, or a string such as \"90s\", \"10m\", \"1h\"");
        return null;
    }
}
