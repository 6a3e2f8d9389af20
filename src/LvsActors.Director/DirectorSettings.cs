using Akka.Configuration;

namespace LvsActors.Director;

/// <summary>Tuning of the director's actors, from <c>lvs.director</c> (defaults and their reasons in reference.conf).</summary>
public sealed record DirectorSettings(
    TimeSpan ApplyCoalesce, TimeSpan RetryBackoff, TimeSpan RetryBackoffMax, TimeSpan NotifyTimeout, TimeSpan AwaitServices, TimeSpan LocalSchedulerTick,
    int Nice = 0,
    int RealtimePriority = 0)
{
    /// <summary>The embedded defaults.</summary>
    public static Config Reference { get; } = LoadReference();

    /// <summary>The defaults, for tests and embedders.</summary>
    public static DirectorSettings Default { get; } = Create(Config.Empty);

    /// <summary>Reads <c>lvs.director</c> from <paramref name="config"/>, falling back to the embedded reference.conf.</summary>
    public static DirectorSettings Create(Config config)
    {
        var c = WithReference(config).GetConfig("lvs.director");
        return new DirectorSettings(
            c.GetTimeSpan("apply-coalesce"),
            c.GetTimeSpan("apply-retry-backoff"),
            c.GetTimeSpan("apply-retry-backoff-max"),
            c.GetTimeSpan("notify-timeout"),
            c.GetTimeSpan("await-services"),
            c.GetTimeSpan("local-scheduler-tick"),
            c.GetInt("nice"),
            c.GetInt("realtime-priority"));
    }

    /// <summary><paramref name="config"/> over the embedded defaults (Akka.NET refuses a config as its own fallback).</summary>
    internal static Config WithReference(Config config) => ReferenceEquals(config, Reference) ? config : config.WithFallback(Reference);

    private static Config LoadReference()
    {
        using var stream = typeof(DirectorSettings).Assembly.GetManifestResourceStream("LvsActors.Director.reference.conf")
            ?? throw new InvalidOperationException("reference.conf is not embedded in LvsActors.Director");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
