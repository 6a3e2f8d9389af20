using Akka.Actor;
using LvsActors.Configuration;
using LvsActors.Configuration.Hocon;
using LvsActors.Director;
using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Admin.Tests;

/// <summary>
/// A director for specs: service <c>web</c> (192.0.2.100:80) with three real servers without checks (always up),
/// the dry-run data plane, and the admin journal in <paramref name="journal"/> (HOCON inside lvs.admin.journal).
/// </summary>
internal static class TestDirector
{
    public const string Service = "web";
    public const string Rs1 = "198.51.100.11:80";
    public const string Rs2 = "198.51.100.12:80";
    public const string Rs3 = "198.51.100.13:80";

    public static string Text(string journal, string extra = "", string akka = "") => $$"""
        akka { {{akka}} }
        lvs {
          data-plane = dry-run
          admin { journal { {{journal}} }, {{extra}} }
          virtual-services {
            web {
              address = "192.0.2.100:80"
              scheduler = wrr
              real-servers = [
                { address = "{{Rs1}}", weight = 3 }
                { address = "{{Rs2}}", weight = 2 }
                { address = "{{Rs3}}", weight = 1, inhibit-on-failure = true }
              ]
            }
          }
        }
        """;

    public static string Sqlite(string path) => $"provider = sqlite, path = \"{path}\", retry-interval = 300ms";

    public static (LvsConfig Config, HoconObject Document) Load(string text)
    {
        var result = LvsConfigLoader.Load(text, "test.conf");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return (result.Value!, result.Document!);
    }

    public static DirectorServices Services { get; } = new((_, _) => throw new InvalidOperationException("no checks in these specs"), new NoNotifier());

    public static DirectorHost Start(string text, DryRunDataPlane plane)
    {
        var (config, document) = Load(text);
        return DirectorHost.Start(config, document, plane, Services, LvsActors.Model.LogLevel.Information);
    }

    /// <summary>The weight of a real server in the dry-run table, or null when it is not there.</summary>
    public static int? WeightOf(DryRunDataPlane plane, string realServer) =>
        plane.Table.SelectMany(s => s.Destinations).FirstOrDefault(d => d.Endpoint.ToString() == realServer) is { } d ? d.Weight : null;

    public static bool InTable(DryRunDataPlane plane, string realServer) => WeightOf(plane, realServer) is not null;

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after 10 s.</summary>
    public static async Task Eventually(Func<bool> condition, string what, double seconds = 10)
    {
        Assert.True(await Poll.UntilAsync(condition, seconds), $"timed out waiting for: {what}");
    }

    /// <summary>Waits until the AdminState has recovered and answers queries.</summary>
    public static async Task<AdminStateChanged> Ready(IActorRef admin)
    {
        // Awaited, never .Result: a test blocked on an Ask holds a thread-pool thread that the actors (on the pool too)
        // need to answer it; with the assembly's tests in parallel on a loaded host that can starve a director's
        // recovery, the likeliest cause of a clean-clone run's one timeout here (2026-12-04; not reproduced since).
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await admin.Ask<object>(GetAdminIntent.Instance, TimeSpan.FromSeconds(5)) is AdminStateChanged state)
                {
                    return state;
                }
            }
            catch (AskTimeoutException)
            {
            }
            await Task.Delay(20);
        }
        Assert.Fail("timed out waiting for: the admin state recovered");
        return null!;
    }

    public static Task<AdminWriteResult> Send(IActorRef admin, IAdminCommand command, double seconds = 10) =>
        admin.Ask<AdminWriteResult>(command, TimeSpan.FromSeconds(seconds));

    private sealed class NoNotifier : INotifier
    {
        public void Run(NotifyCommand command, IReadOnlyDictionary<string, string> environment)
        {
        }
    }
}

/// <summary>A scratch folder deleted after the test.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lvs-admin-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
