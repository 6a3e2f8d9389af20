using System.Net;
using System.Text.RegularExpressions;

namespace LvsActors.Cli.Tests;

/// <summary>The demo's first screen names the status page and the token its buttons need, and both work.</summary>
public sealed partial class DemoStatusPageTests
{
    [Fact]
    public async Task The_demo_prints_the_status_page_address_and_a_token_that_drains_through_the_api()
    {
        var port = LoopbackPort.Free();
        using var demo = new RunningDirector("demo", "--port", port.ToString(), "--admin-port", "0");
        var line = demo.WaitFor("Status page: ");
        var match = PageLine().Match(line);
        Assert.True(match.Success, $"no address and token in: {line}");
        using var http = new HttpClient { BaseAddress = new Uri(match.Groups["page"].Value), Timeout = TimeSpan.FromSeconds(5) };

        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("LvsActors director", await page.Content.ReadAsStringAsync());

        demo.WaitFor("table: add service 127.0.0.1:" + port);
        var server = ServerOf().Match(demo.WaitFor("table: add service")).Groups["server"].Value;
        using var drain = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/services/demo/real-servers/{server}/drain");
        drain.Headers.Authorization = new("Bearer", match.Groups["token"].Value);
        var answer = await http.SendAsync(drain);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"drain answered {answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        demo.Type("q");
        Assert.Equal(0, demo.WaitForExit());
    }

    [GeneratedRegex(@"Status page: (?<page>http://127\.0\.0\.1:\d+/) .*token (?<token>[0-9a-f]{32})")]
    private static partial Regex PageLine();

    [GeneratedRegex(@"add (?<server>127\.0\.0\.1:\d+) to")]
    private static partial Regex ServerOf();
}
