
namespace LvsActors.Cli.Tests;

/// <summary>The README's first command: the demo balances its built-in servers and shows checks at work.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Balances_the_built_in_servers_and_takes_a_stopped_one_out_and_back()
    {
        var port = LoopbackPort.Free();
        using var demo = new RunningDirector("demo", "--port", port.ToString());
        demo.WaitFor("table: add service 127.0.0.1:" + port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await http.GetStringAsync($"http://127.0.0.1:{port}/")).Trim());
        }
        // wrr 3:2:1 over six requests: each server by its weight.
        Assert.Equal(3, answers.Count(a => a == "Hello from rs1"));
        Assert.Equal(2, answers.Count(a => a == "Hello from rs2"));
        Assert.Equal(1, answers.Count(a => a == "Hello from rs3"));
        demo.WaitFor("rs3 answered");

        var mark = demo.Lines.Count;
        demo.Type("1");
        demo.WaitFor("rs1 stopped", mark);
        demo.WaitFor("failed its check", mark);
        for (var i = 0; i < 6; i++)
        {
            Assert.NotEqual("Hello from rs1", (await http.GetStringAsync($"http://127.0.0.1:{port}/")).Trim());
        }

        mark = demo.Lines.Count;
        demo.Type("1");
        demo.WaitFor("passed its check: back in the table", mark);
        demo.Type("q");
        Assert.Equal(0, demo.WaitForExit());
    }
}
