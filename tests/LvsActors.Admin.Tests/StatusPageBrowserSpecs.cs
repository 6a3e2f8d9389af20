using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace LvsActors.Admin.Tests;

/// <summary>
/// The status page at / in a real headless Chromium, against a real <c>lvsactors run</c> on the userspace data plane
/// with two real TCP servers on 127.0.0.1: a drain clicked on the page shows on the page and in the traffic.
/// </summary>
public sealed class StatusPageBrowserSpecs(ITestOutputHelper output) : IDisposable
{
    private const string Token = "status-page-token";
    private readonly ScratchFolder _scratch = new();
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    public async Task A_drain_clicked_on_the_page_shows_on_the_page_and_sends_no_more_traffic_to_that_server_and_a_restore_brings_it_back()
    {
        var (rs1, rs2) = (Serve("rs1"), Serve("rs2"));
        var vip = LoopbackPort.Free();
        var config = _scratch.File("director.conf");
        await File.WriteAllTextAsync(config, Config(vip, rs1, rs2));
        using var run = new DirectorRun(config, "120s");
        var api = run.ApiAddress();
        run.WaitFor("add 127.0.0.1:" + rs2.Port);
        Assert.Equal(["rs1", "rs2"], (await Answers(vip, 4)).Distinct().Order());

        using var browser = HeadlessChromium.Start();
        try
        {
            browser.Navigate().GoToUrl(api);
            var row1 = $"tr[data-service='web'][data-server='127.0.0.1:{rs1.Port}']";
            Eventually(browser, () => Text(browser, row1 + " td.health") == "UP" && Text(browser, row1 + " td.table-weight") == "1", "rs1 shown up, weight 1 in the table");
            Assert.Equal("none", Text(browser, row1 + " td.admin"));

            Click(browser, row1 + " button.drain");
            var prompt = WaitForPrompt(browser);
            Assert.Contains("token", prompt.Text);
            prompt.SendKeys(Token);
            prompt.Accept();

            Eventually(browser, () => Text(browser, "#message").Contains("accepted, RealServerDrained"), "the page says the drain was accepted");
            Eventually(browser, () => Text(browser, row1 + " td.admin") == "draining" && Text(browser, row1 + " td.table-weight") == "0", "rs1 draining at weight 0 on the page");
            Eventually(browser, () => Text(browser, "#events").Contains("RealServerDrained"), "the drain among the last events");
            // The weight column is the desired table; the data plane writes it a coalescing interval later, and says so
            // among the last events. (Asking the traffic before that sent a third of it to rs1 in a CI run.)
            Eventually(browser, () => Text(browser, "#events").Contains($"edit 127.0.0.1:{rs1.Port} in 127.0.0.1:{vip}/TCP weight 0"), "the drain written to the data plane");
            Assert.All(await Answers(vip, 6), a => Assert.Equal("rs2", a));

            // The token is kept for the session: the restore asks for none.
            Click(browser, row1 + " button.restore");
            Eventually(browser, () => Text(browser, row1 + " td.admin") == "none" && Text(browser, row1 + " td.table-weight") == "1", "rs1 restored on the page");
            Eventually(browser, () => Text(browser, "#events").Contains($"edit 127.0.0.1:{rs1.Port} in 127.0.0.1:{vip}/TCP weight 1"), "the restore written to the data plane");
            Assert.Contains("rs1", await Answers(vip, 4));
        }
        catch
        {
            output.WriteLine(browser.PageSource);
            throw;
        }
    }

    [Fact]
    public async Task The_page_and_its_files_come_from_the_director_itself_with_a_policy_that_allows_nothing_else()
    {
        var config = _scratch.File("plain.conf");
        await File.WriteAllTextAsync(config, Config(LoopbackPort.Free(), Serve("rs1"), Serve("rs2")));
        using var run = new DirectorRun(config, "60s");
        using var http = new HttpClient { BaseAddress = run.ApiAddress() };

        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        foreach (var file in new[] { "status.js", "status.css" })
        {
            var asset = await http.GetAsync("/status-page/" + file);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains("/status-page/" + file, html);
        }
        var missing = await http.GetAsync("/status-page/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    private string Config(ushort vip, RealServerStub rs1, RealServerStub rs2) => $$"""
        lvs {
          data-plane = userspace
          admin.journal.path = "{{_scratch.File("admin.db")}}"
          admin.api { bind = "127.0.0.1:0", token = "{{Token}}" }
          virtual-services.web {
            address = "127.0.0.1:{{vip}}"
            scheduler = rr
            delay-loop = 1s
            connect-timeout = 1s
            warmup = 0s
            real-servers = [
              { address = "127.0.0.1:{{rs1.Port}}", weight = 1, checks = [ { type = tcp } ] }
              { address = "127.0.0.1:{{rs2.Port}}", weight = 1, checks = [ { type = tcp } ] }
            ]
          }
        }
        """;

    /// <summary>A real server that writes its name on every connection and closes it.</summary>
    private sealed record RealServerStub(ushort Port);

    private RealServerStub Serve(string name)
    {
        var listener = RealServerSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        _stop.Token.Register(listener.Dispose);
        _ = RealServerSocket.AcceptAsync(listener, async client =>
        {
            using (client)
            {
                await client.SendAsync(Encoding.ASCII.GetBytes(name + "\n"));
                client.Shutdown(SocketShutdown.Both);
            }
        }, _stop.Token);
        return new RealServerStub((ushort)((IPEndPoint)listener.LocalEndPoint!).Port);
    }

    /// <summary>Who answered each of <paramref name="count"/> connections through the VIP.</summary>
    private static async Task<List<string>> Answers(ushort vip, int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, vip).WaitAsync(TimeSpan.FromSeconds(5));
            using var reader = new StreamReader(client.GetStream());
            answers.Add((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)))?.Trim() ?? "(closed without an answer)");
        }
        return answers;
    }

    private static string Text(ChromeDriver browser, string css)
    {
        // The page redraws every second: an element found just before a redraw is stale, so it is looked up again
        // (for up to 10 s: on a loaded host a redraw can take long enough for five quick attempts all to miss).
        for (var attempt = Stopwatch.StartNew(); ;)
        {
            try
            {
                return browser.FindElements(By.CssSelector(css)).FirstOrDefault()?.Text ?? "";
            }
            catch (StaleElementReferenceException) when (attempt.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
        }
    }

    private static void Click(ChromeDriver browser, string css)
    {
        for (var attempt = Stopwatch.StartNew(); ;)
        {
            try
            {
                browser.FindElement(By.CssSelector(css)).Click();
                return;
            }
            catch (StaleElementReferenceException) when (attempt.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
        }
    }

    private static IAlert WaitForPrompt(ChromeDriver browser)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                return browser.SwitchTo().Alert();
            }
            catch (NoAlertPresentException)
            {
                Thread.Sleep(50);
            }
        }
        throw new Xunit.Sdk.XunitException("clicking drain asked for no token within 10s");
    }

    private static void Eventually(ChromeDriver browser, Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (condition())
            {
                return;
            }
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException($"the page never showed {what} within 20s; it shows:\n{Text(browser, "body")}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _scratch.Dispose();
    }
}
