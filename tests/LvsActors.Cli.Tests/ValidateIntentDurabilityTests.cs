namespace LvsActors.Cli.Tests;

/// <summary>`validate` refuses a cluster member whose configuration could lose acknowledged operator intent.</summary>
public sealed class ValidateIntentDurabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-validate-intent-").FullName;

    private string Write(string lvsExtra, int seeds = 3)
    {
        var path = Path.Combine(_folder, $"c{Guid.NewGuid():N}.conf");
        var seedList = string.Join(", ", Enumerable.Range(0, seeds).Select(i => $"\"akka.tcp://lvs@192.0.2.{11 + i}:4053\""));
        File.WriteAllText(path, $$"""
            akka {
              actor.provider = cluster
              cluster { seed-nodes = [{{seedList}}], roles = [director] }
            }
            lvs {
              data-plane = dry-run
              cluster.tls.insecure = on
              cluster.vips = [ { address = "192.0.2.100/24", interface = eth0 } ]
              {{lvsExtra}}
            }
            """);
        return path;
    }

    [Fact]
    public void A_cluster_with_replication_off_and_the_sqlite_journal_is_refused_with_what_to_change()
    {
        var file = Write("admin.replication.enabled = off");
        var run = Lvsactors.Invoke("validate", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:9: lvs.admin.replication.enabled: is off while the admin journal is this director's SQLite file", run.Stderr);
        Assert.Contains("set lvs.admin.replication.enabled = on (the default) or lvs.admin.journal.provider = postgresql", run.Stderr);
    }

    [Fact]
    public void A_cluster_with_replication_off_on_a_shared_postgresql_journal_is_valid()
    {
        var file = Write("admin { replication.enabled = off, journal { provider = postgresql, connection-string = \"Host=127.0.0.1;Database=lvs\" } }");
        var run = Lvsactors.Invoke("validate", file);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public void A_replicated_cluster_of_two_voters_is_refused_and_of_three_is_valid()
    {
        var two = Write("", seeds: 2);
        var run = Lvsactors.Invoke("validate", two);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("lvs.fencing.expected-voters: is 2: replicated operator intent is acknowledged once a majority of the voters hold it", run.Stderr);
        Assert.Contains("set lvs.fencing.expected-voters = 3", run.Stderr);

        var three = Write("");
        run = Lvsactors.Invoke("validate", three);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public void A_relative_intent_directory_is_refused()
    {
        var file = Write("admin.replication.dir = \"intent\"");
        var run = Lvsactors.Invoke("validate", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:9: lvs.admin.replication.dir: \"intent\" is relative", run.Stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
