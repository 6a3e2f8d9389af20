using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class SmtpCheckerTests
{
    private static readonly SmtpCheckSpec Spec = new(CheckTiming.Default, ConnectOptions.Default, "checker.example.org");

    [Fact]
    public async Task A_220_greeting_and_a_250_to_helo_is_up_and_the_checker_quits()
    {
        await using var server = new SmtpTestServer("220 mail.test ESMTP ready\r\n", "250 mail.test\r\n");

        var result = await Probe.RunAsync(Spec, Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal(["HELO checker.example.org", "QUIT"], server.Commands.ToArray());
    }

    [Fact]
    public async Task Without_a_helo_name_the_host_name_is_sent()
    {
        await using var server = new SmtpTestServer("220 mail.test\r\n", "250 mail.test\r\n");

        var result = await Probe.RunAsync(Spec with { HeloName = null }, Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal($"HELO {System.Net.Dns.GetHostName()}", server.Commands.First());
    }

    [Fact]
    public async Task A_multi_line_greeting_is_read_to_its_last_line()
    {
        await using var server = new SmtpTestServer("220-mail.test ESMTP\r\n220-no UCE\r\n220 ready\r\n", "250-mail.test\r\n250 HELP\r\n");

        var result = await Probe.RunAsync(Spec, Probe.Loopback(server.Port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal("SMTP 127.0.0.1:" + server.Port + ": \"220 ready\"", result.Reason);
    }

    [Fact]
    public async Task A_greeting_other_than_220_is_down()
    {
        await using var server = new SmtpTestServer("554 5.3.2 too busy\r\n", "250 mail.test\r\n");

        var result = await Probe.RunAsync(Spec, Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"SMTP greeting of 127.0.0.1:{server.Port} is not 220: \"554 5.3.2 too busy\"", result.Reason);
    }

    [Fact]
    public async Task A_helo_answer_other_than_250_is_down()
    {
        await using var server = new SmtpTestServer("220 mail.test\r\n", "501 5.5.4 bad HELO\r\n");

        var result = await Probe.RunAsync(Spec, Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"SMTP HELO to 127.0.0.1:{server.Port} answered \"501 5.5.4 bad HELO\", not 250", result.Reason);
    }

    [Fact]
    public async Task A_closed_port_is_down_because_the_connection_is_refused()
    {
        var port = Probe.ClosedPort();

        var result = await Probe.RunAsync(Spec, Probe.Loopback(port));

        Assert.False(result.Up);
        Assert.Equal($"SMTP connect to 127.0.0.1:{port} refused", result.Reason);
    }
}
