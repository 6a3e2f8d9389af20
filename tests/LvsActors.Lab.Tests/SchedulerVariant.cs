using System.Globalization;
using System.Text.RegularExpressions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// One scheduler set-up the scheduler-choices scenario programs into the kernel and the test replays through
/// <c>lvsactors simulate</c>: scheduler, flags, real servers in the order they are added, and how the client connects.
/// </summary>
/// <param name="Name">Names the variant's result files (choices-NAME.txt, counters-NAME.txt).</param>
/// <param name="Scheduler">The kernel's scheduler name.</param>
/// <param name="Servers">Space separated <c>rsN@WEIGHT</c> or <c>rsN@WEIGHTxUPPER</c> (ipvsadm -w, -x), in the order added.</param>
/// <param name="Connections">How many connections the client makes.</param>
public sealed partial record SchedulerVariant(string Name, string Scheduler, string Servers, int Connections)
{
    /// <summary>Scheduler flags, comma separated (ipvsadm -b, simulate --flags); null for none.</summary>
    public string? Flags { get; init; }

    /// <summary>True: every connection stays established until the last one is made. False: each closes before the next.</summary>
    public bool KeepOpen { get; init; }

    /// <summary>1: a service on one virtual address. More (up to 16): a fwmark service over that many destination
    /// addresses, for the schedulers that key on the destination (dh, lblc, lblcr).</summary>
    public int Destinations { get; init; } = 1;

    /// <summary>The variant as a line of the scenario's LAB_VARIANTS.</summary>
    public string ToLabLine() =>
        $"{Name} {Scheduler} {Flags ?? "-"} {(KeepOpen ? "open" : "closed")} {(Destinations == 1 ? "vip" : $"fwmark:{Destinations}")} {Connections} {Servers}";

    /// <summary>
    /// The <c>lvsactors simulate</c> arguments that replay <paramref name="connections"/> (SRC:PORT and DST:PORT in the
    /// order the kernel saw them) against the same servers, weights, thresholds and flags.
    /// </summary>
    public IReadOnlyList<string> SimulateArguments(IEnumerable<(string Source, string Destination)> connections)
    {
        var args = new List<string> { "simulate", "--scheduler", Scheduler, "--json" };
        if (Flags is not null)
        {
            args.AddRange(["--flags", Flags]);
        }

        if (KeepOpen)
        {
            args.Add("--keep-open");
        }

        foreach (var server in Servers.Split(' '))
        {
            var m = ServerPattern().Match(server);
            var threshold = m.Groups[3].Success ? ",upper=" + m.Groups[3].Value : "";
            args.AddRange(["--server", $"{Address(m.Groups[1].Value)}:80@{m.Groups[2].Value}{threshold}"]);
        }

        foreach (var (source, destination) in connections)
        {
            args.AddRange(["--connection", $"{source}>{destination}"]);
        }

        return args;
    }

    /// <summary>The address of lab real server rsN (198.51.100.1N), which answers with its name.</summary>
    public static string Address(string realServerName) =>
        "198.51.100.1" + realServerName[2..];

    /// <summary>The name (rsN) of the lab real server at ADDR:80.</summary>
    public static string NameOf(string addressAndPort) =>
        "rs" + int.Parse(addressAndPort.Split(':')[0].Split('.')[3], CultureInfo.InvariantCulture) % 10;

    [GeneratedRegex(@"^(rs[1-4])@([0-9]+)(?:x([0-9]+))?$")]
    private static partial Regex ServerPattern();
}
