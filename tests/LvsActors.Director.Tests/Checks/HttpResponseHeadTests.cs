using System.Text;
using LvsActors.Director.Checks;

namespace LvsActors.Director.Tests.Checks;

public sealed class HttpResponseHeadTests
{
    private static HttpResponseHead? Parse(string text) => HttpResponseHead.TryParse(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void The_head_ends_at_the_first_blank_line()
    {
        var head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n");

        Assert.Equal(new HttpResponseHead(200, 5, 38), head);
    }

    [Fact]
    public void Until_the_blank_line_arrives_there_is_no_head() =>
        Assert.Null(Parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"));

    [Theory]
    [InlineData("HTTP/1.0 404 Not Found", 404)]
    [InlineData("HTTP/1.1 200", 200)]
    [InlineData("HTTP/1.1 20 OK", 0)]
    [InlineData("HTTP/1.1 2000 OK", 0)]
    [InlineData("HTTP/1.1 abc OK", 0)]
    [InlineData("HTTP/1.1 099 Low", 0)]
    [InlineData("SSH-2.0-OpenSSH_9.2", 0)]
    public void The_status_is_the_three_digits_after_the_first_space(string statusLine, int status) =>
        Assert.Equal(status, Parse(statusLine + "\r\n\r\n")!.Status);

    [Theory]
    [InlineData("content-length: 12", 12L)]
    [InlineData("Content-Length:\t7 ", 7L)]
    [InlineData("Content-Length: twelve", null)]
    [InlineData("Content-Length: -1", null)]
    [InlineData("X-Content-Length: 3", null)]
    public void Content_length_is_found_by_its_name_in_any_case(string header, long? length) =>
        Assert.Equal(length, Parse($"HTTP/1.1 200 OK\r\nServer: t\r\n{header}\r\n\r\n")!.ContentLength);
}
