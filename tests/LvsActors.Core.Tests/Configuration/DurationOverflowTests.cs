using LvsActors.Configuration;

namespace LvsActors.Tests.Configuration;

/// <summary>Issue 16, item 3: a duration too long for a TimeSpan is an error at its line, not an OverflowException.</summary>
public sealed class DurationOverflowTests
{
    private const string Service = """
        lvs.virtual-services.web {
          address = "192.0.2.1:80"
          delay-loop = DELAY
          real-servers = [ { address = "198.51.100.1:80" } ]
        }
        """;

    [Theory]
    [InlineData("99999999999999d")]
    [InlineData("999999999999999999999999999999")]
    [InlineData("1e400")]
    public void A_huge_delay_loop_is_out_of_range(string delay)
    {
        var errors = ConfigFile.Errors(Service.Replace("DELAY", delay, StringComparison.Ordinal));
        var error = Assert.Single(errors);
        Assert.StartsWith("test.conf:3: lvs.virtual-services.web.delay-loop: ", error);
        Assert.DoesNotContain(LvsConfigLoader.InternalError, error);
    }

    [Fact]
    public void Durations_beyond_a_timespan_say_out_of_range()
    {
        var errors = ConfigFile.Errors(Service.Replace("DELAY", "99999999999999d", StringComparison.Ordinal));
        Assert.Equal(["test.conf:3: lvs.virtual-services.web.delay-loop: 99999999999999d is out of range; accepted: 100ms to 86400s"], errors);
    }

    [Fact]
    public void Duration_text_never_throws()
    {
        Assert.Null(DurationText.Parse("99999999999999d", out var tooLong));
        Assert.True(tooLong);
        Assert.Null(DurationText.Parse(new string('9', 400) + "ms"));
        Assert.Equal(TimeSpan.FromDays(10_000), DurationText.Parse("10000d"));
    }

    [Theory]
    [InlineData("acceptable-heartbeat-pause", "99999999999999999999")]
    [InlineData("heartbeat-interval", "2d")]
    public void Failure_detector_durations_beyond_a_day_are_refused(string key, string value)
    {
        var errors = ConfigFile.Errors($$"""
            akka.actor.provider = cluster
            akka.cluster.failure-detector.{{key}} = {{value}}
            lvs.cluster { tls.insecure = on }
            """);
        Assert.Contains($"test.conf:2: akka.cluster.failure-detector.{key}: {value} is out of range; accepted: 0 to 86400s", errors);
    }

    [Fact]
    public void A_failure_detector_duration_too_long_for_akka_is_reported_once()
    {
        var errors = ConfigFile.Errors("""
            akka.actor.provider = cluster
            akka.cluster.roles = [director]
            akka.cluster.failure-detector.heartbeat-interval = 99999999999999d
            lvs.cluster { tls.insecure = on }
            """);
        Assert.Equal(["test.conf:3: akka.cluster.failure-detector.heartbeat-interval: 99999999999999d is longer than Akka.NET can hold (TimeSpan, about 29,000 years); write a shorter duration"], errors);
    }

    [Fact]
    public void Any_akka_duration_too_long_for_akka_is_refused_before_akka_reads_it()
    {
        var errors = ConfigFile.Errors("""
            akka.remote.dot-netty.tcp.connection-timeout = 99999999999999 days
            akka.cluster.retry-unsuccessful-join-after = 10s
            lvs.director.some-interval = 9999999999999999h
            lvs.data-plane = dry-run
            """);
        Assert.Contains("test.conf:1: akka.remote.dot-netty.tcp.connection-timeout: 99999999999999 days is longer than Akka.NET can hold (TimeSpan, about 29,000 years); write a shorter duration", errors);
        Assert.Contains(errors, e => e.StartsWith("test.conf:3: lvs.director.some-interval: 9999999999999999h is longer than", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("retry-unsuccessful-join-after", StringComparison.Ordinal));
    }
}
