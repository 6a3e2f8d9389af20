namespace LvsActors.Model;

/// <summary>Which data plane programs the table (lvs.data-plane).</summary>
public enum DataPlaneKind
{
    /// <summary>IPVS when the kernel has it and we hold CAP_NET_ADMIN, else userspace.</summary>
    Auto,

    /// <summary>The kernel's IPVS over generic netlink.</summary>
    Ipvs,

    /// <summary>An in-process L4 proxy applying the same schedulers.</summary>
    Userspace,

    /// <summary>Keeps the table in memory and renders it; for tests and previews.</summary>
    DryRun,
}

/// <summary>How much is logged.</summary>
public enum LogLevel
{
    Verbose,
    Debug,
    Information,
    Warning,
    Error,
    Fatal,
}

/// <summary>How log lines are written: text for people, JSON (compact Serilog events) for machines.</summary>
public enum LogFormat
{
    Text,
    Json,
}

/// <summary>Logging settings (lvs.log).</summary>
public sealed record LogSettings(LogLevel Level, LogFormat Format)
{
    public static readonly LogSettings Default = new(LogLevel.Information, LogFormat.Text);
}

/// <summary>The whole <c>lvs { … }</c> section of a configuration, validated.</summary>
public sealed record LvsConfig(DataPlaneKind DataPlane, LogSettings Log, ValueList<VirtualService> VirtualServices, ClusterSettings Cluster);
