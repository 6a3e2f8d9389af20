using LvsActors.Configuration.Hocon;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>
/// Turns the text of a configuration file into a validated <see cref="LvsConfig"/>, reporting every mistake in one
/// pass, and never throws: every failure is an error in the result. Reads no files itself: includes and environment
/// variables come through the delegates it is given (<see cref="LvsConfigFile"/> reads from disk).
/// </summary>
public static class LvsConfigLoader
{
    // Top-level sections a configuration may hold: ours, and Akka.NET's own settings beside it.
    private static readonly string[] TopLevel = ["lvs", "akka"];

    /// <summary>Parses and validates <paramref name="text"/>, read from <paramref name="file"/> (used in messages).</summary>
    public static ConfigResult<LvsConfig> Load(
        string text,
        string file,
        Func<string, SourcePosition, (string Text, string File)?>? include = null,
        Func<string, string?>? environment = null)
    {
        HoconObject root;
        try
        {
            root = HoconDocument.Parse(text, file, include, environment);
            return Bind(root);
        }
        catch (HoconSyntaxException e)
        {
            return new ConfigResult<LvsConfig>(null, [new ConfigError(e.Position, "", e.Reason)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HoconIncludeException)
        {
            return new ConfigResult<LvsConfig>(null, [new ConfigError(new SourcePosition(file, 1), "", $"cannot read an include: {e.Message}")]);
        }
        catch (Exception e)
        {
            // A reload must never take the director down: a reader bug refuses the file like any other mistake.
            return new ConfigResult<LvsConfig>(null, [new ConfigError(new SourcePosition(file, 1), "",
                $"{InternalError} ({e.GetType().Name}: {e.Message}); the file was not applied, please report it with the file")]);
        }
    }

    /// <summary>How an error the reader did not foresee begins; the fuzz tests look for it.</summary>
    public const string InternalError = "internal error while reading the configuration";

    /// <summary>Validates an already parsed document.</summary>
    public static ConfigResult<LvsConfig> Bind(HoconObject root)
    {
        var errors = new List<ConfigError>();
        var top = new Section(root, "", errors);
        foreach (var key in TopLevel)
        {
            top.Declare(key);
        }
        var lvs = top.Object("lvs");
        if (lvs is null && root.Field("lvs") is null)
        {
            errors.Add(new ConfigError(new SourcePosition(root.Position.File, 1), "lvs", "the configuration has no lvs { … } section"));
        }
        top.Finish();
        AkkaDurationRule.Check(root, errors);
        NiceRule.Check(root, errors);
        if (lvs is null)
        {
            return new ConfigResult<LvsConfig>(null, errors, root);
        }
        var config = BindLvs(lvs, (HoconPath.Node(root, "akka", "cluster", "seed-nodes") as HoconArray)?.Items.Count ?? 0);
        FailoverTimingRules.Check(root, config.Cluster, errors);
        ClusterRoleRule.Check(root, config.Cluster, errors);
        IntentDurabilityRule.Check(root, config.Cluster, errors);
        ClusterTlsRule.Check(root, config.Cluster, errors);
        ActiveActiveRule.Check(root, config, errors);
        // Report in reading order; the sort is stable, so errors on one line keep the order they were found in.
        var ordered = errors.OrderBy(e => e.Position?.File, StringComparer.Ordinal).ThenBy(e => e.Position?.Line ?? 0).ToList();
        return new ConfigResult<LvsConfig>(errors.Count == 0 ? config : null, ordered, root);
    }

    // Active-active: a failed real server stays in the table at weight 0 (inhibit-on-failure) on every director. The
    // kernel's Maglev table (mh) is built from the destination list; a weight of 0 keeps the list and the table as they
    // were, so only the failed server's flows move (mh-fallback), where removing it would rebuild the table.
    private static VirtualService KeepFailedAtWeightZero(VirtualService service) => service with
    {
        RealServers = service.RealServers.Select(rs => rs with { InhibitOnFailure = true }).ToList(),
    };

    private static LvsConfig BindLvs(Section lvs, int seedNodes)
    {
        var dataPlane = lvs.Choice("data-plane", DataPlaneKind.Auto, Choices.DataPlanes);
        var log = LogSettings.Default;
        if (lvs.Object("log") is { } l)
        {
            log = new LogSettings(l.Choice("level", log.Level, Choices.LogLevels), l.Choice("format", log.Format, Choices.LogFormats));
            l.Finish();
        }
        var servicesSection = lvs.Object("virtual-services");
        var services = new List<VirtualService>();
        if (servicesSection is not null)
        {
            foreach (var (name, section) in lvs.NamedObjects("virtual-services"))
            {
                if (VirtualServiceBinder.Bind(name, section) is { } service)
                {
                    services.Add(service);
                }
            }
            TableRules.CheckTable(servicesSection, services);
        }
        var cluster = ClusterBinder.Bind(lvs.Object("cluster"), lvs.Object("fencing"), seedNodes);
        if (cluster.Mode == ClusterMode.ActiveActive)
        {
            services = services.Select(KeepFailedAtWeightZero).ToList();
        }
        AdminBinder.Bind(lvs.Object("admin"));
        // Tuning of the actors, read by Akka.NET-side settings classes against their own reference.conf.
        lvs.Declare("director");
        lvs.Finish();
        return new LvsConfig(dataPlane, log, services, cluster);
    }
}
