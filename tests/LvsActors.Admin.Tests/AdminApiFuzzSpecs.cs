using System.Text;
using System.Text.Json;
using Akka.Actor;
using CsCheck;
using LvsActors.Director.Intent;
using Xunit.Abstractions;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Random and mutated JSON bodies (wrong types, huge numbers, duplicate keys, deep nesting, unicode, control
/// characters, broken syntax) sent with the token to every write: never a 5xx, every refusal a problem, and the
/// admin state unchanged by a 4xx. A fixed number of iterations; CsCheck prints the seed of a failure.
/// </summary>
public sealed class AdminApiFuzzSpecs(AdminApiFixture f, ITestOutputHelper output) : IClassFixture<AdminApiFixture>
{
    private const string Rs = "api/v1/services/web/real-servers/" + Rs1;

    private static readonly (string Method, string Path)[] Writes =
    [
        ("POST", Rs + "/drain"), ("POST", Rs + "/restore"), ("POST", Rs + "/maintenance"), ("PUT", Rs + "/weight"), ("DELETE", Rs),
        ("POST", "api/v1/services/web/real-servers"), ("POST", "api/v1/services/web/maintenance"), ("POST", "api/v1/services/web/restore"),
    ];

    private static readonly string[] Fields = ["weight", "timeout", "address", "checksLike", "wieght", "", "Weight", "weight\u0000", "\u2028", "timeout\u0085"];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char, 0, 40],
        Gen.Const("198.51.100.11:80"), Gen.Const("198.51.100.40:80"), Gen.Const("[2001:db8::1]:80"), Gen.Const("10m"), Gen.Const("99999999999d"),
        Gen.Const("1e400s"), Gen.Const("-5s"), Gen.Const("0"), Gen.Const("\u0000"), Gen.Const("\u001B[31m"), Gen.Const("a\nb"), Gen.Const("\uD800"),
        Gen.Int[0, 300].Select(n => new string('9', n)));

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Int.Select(i => i.ToString()), Gen.Long.Select(l => l.ToString()), Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R") : "1e999"),
        Gen.Const("1e20"), Gen.Const("-1e300"), Gen.Const("1e400"), Gen.Const("-0"), Gen.Const("0.5"), Gen.Const("65535"), Gen.Const("65536"),
        Gen.Const("2147483648"), Gen.Const("123456789012345678901234567890"), Gen.Const("1E-400"));

    // JsonSerializer writes a lone surrogate as U+FFFD; these escapes are written by hand to reach the reader as sent.
    private static readonly Gen<string> RawStrings = Gen.OneOf(Gen.Const("\"\\uD800\""), Gen.Const("\"\\uDFFFx\""), Gen.Const("\"\\uDBFF\\u0041\""), Gen.Const("\"a\\u0000b\""));

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Number, Text.Select(t => JsonSerializer.Serialize(t)), RawStrings, Gen.Const("true"), Gen.Const("false"), Gen.Const("null"));

    private static Gen<string> Value(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (6, Scalar),
        (1, Value(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
        (1, Body(depth - 1)),
        (1, Gen.Int[10, 200].Select(n => new string('[', n) + "1" + new string(']', n))));

    private static Gen<string> Body(int depth) =>
        Gen.Select(Gen.Frequency((6, Gen.OneOf(Fields.Select(Gen.Const).ToArray()).Select(n => JsonSerializer.Serialize(n))), (1, Text.Select(n => JsonSerializer.Serialize(n))), (1, RawStrings)), Value(depth)).Array[0, 4]
            .Select(fields => "{" + string.Join(",", fields.Select(p => p.Item1 + ":" + p.Item2)) + "}");

    /// <summary>A body with a mistake in it: a character dropped, inserted or replaced, the text cut short, a field repeated.</summary>
    private static readonly Gen<string> Mutated = Gen.Select(Body(2), Gen.Int[0, 4], Gen.Int[0, 1000], Gen.Char).Select((body, how, at, c) =>
    {
        var i = body.Length == 0 ? 0 : at % body.Length;
        return how switch
        {
            0 => body.Remove(i, Math.Min(1, body.Length - i)),
            1 => body.Insert(i, c.ToString()),
            2 => body[..i],
            3 => body.Length > 2 ? body[..^1] + "," + body[1..] : body,
            _ => body.Replace(':', ' '),
        };
    });

    private static readonly Gen<string> AnyBody = Gen.Frequency((4, Body(3)), (3, Mutated), (1, Gen.String), (1, Gen.Const("")));

    /// <summary>A path segment: any characters, percent-encoded as a client would send them, sometimes very long.</summary>
    private static readonly Gen<string> Segment = Gen.Frequency(
        (4, Gen.String.Select(Uri.EscapeDataString)),
        (2, Gen.Char.Array[1, 8].Select(cs => Uri.EscapeDataString(new string(cs)))),
        (1, Gen.Int[0, 400].Select(n => new string('a', n))),
        (1, Gen.Const("198.51.100.11:80")));

    private async Task<long> Version() => (await f.Host.AdminState.Ask<AdminStateChanged>(GetAdminIntent.Instance, TimeSpan.FromSeconds(5))).Version;

    [Fact]
    public async Task Random_bodies_to_every_write_get_no_5xx_and_a_problem_for_every_refusal()
    {
        var answers = new Dictionary<int, int>();
        await Gen.Select(Gen.Int[0, Writes.Length - 1], AnyBody).SampleAsync(async (write, body) =>
        {
            var (method, path) = Writes[write];
            var before = await Version();
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await f.Operator.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            lock (answers)
            {
                answers[status] = answers.GetValueOrDefault(status) + 1;
            }
            Assert.True(status < 500, $"{method} {path} with {body} answered {status}: {text}");
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()), text);
                Assert.Equal(before, await Version());
            }
        }, iter: 2000, threads: 1, print: t => $"{Writes[t.Item1].Method} {Writes[t.Item1].Path} {t.Item2}");
        output.WriteLine("answers: " + string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}")));
        Assert.True(answers.Keys.Count(s => s >= 400) >= 2, "the bodies reached more than one kind of refusal");
    }

    [Fact]
    public async Task Random_names_in_paths_get_no_5xx_a_problem_for_every_refusal_and_no_raw_control_character_in_the_log()
    {
        var answers = new Dictionary<int, int>();
        var logged = f.Log.Events.Count;
        await Gen.Select(Gen.Int[0, Writes.Length - 1], Segment, Segment, Gen.Bool).SampleAsync(async (write, service, server, token) =>
        {
            var (method, template) = Writes[write];
            var path = template.Replace("services/web/", $"services/{service}/").Replace(Rs1, server);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (token)
            {
                request.Headers.Authorization = new("Bearer", AdminApiFixture.Token);
            }
            using var response = await f.Anonymous.SendAsync(request);
            var status = (int)response.StatusCode;
            lock (answers)
            {
                answers[status] = answers.GetValueOrDefault(status) + 1;
            }
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{method} {path} answered {status}: {text}");
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }, iter: 1000, threads: 1, print: t => $"{Writes[t.Item1].Method} {Writes[t.Item1].Path} service={t.Item2} server={t.Item3} token={t.Item4}");
        output.WriteLine("answers: " + string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}")));
        Assert.DoesNotContain(f.Log.Events.Skip(logged), e => e.RenderMessage().Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'));
        Assert.True(answers.ContainsKey(400), "some names were refused as malformed");
    }
}
