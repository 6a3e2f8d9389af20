using LvsActors.Scheduling;
using Xunit;

namespace LvsActors.Core.Tests.Scheduling;

public class CatalogTests
{
    [Fact]
    public void Every_kernel_scheduler_is_listed_and_creates_an_instance_of_that_name()
    {
        Assert.Equal(["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"],
            SchedulerCatalog.Names);
        foreach (var name in SchedulerCatalog.Names)
            Assert.Equal(name, SchedulerCatalog.Create(name).Name);
    }

    [Fact]
    public void Only_sh_and_mh_take_their_own_flags()
    {
        Assert.True(SchedulerCatalog.AcceptsFlag("sh", "sh-fallback"));
        Assert.True(SchedulerCatalog.AcceptsFlag("sh", "sh-port"));
        Assert.True(SchedulerCatalog.AcceptsFlag("mh", "mh-fallback"));
        Assert.True(SchedulerCatalog.AcceptsFlag("mh", "mh-port"));
        Assert.False(SchedulerCatalog.AcceptsFlag("sh", "mh-port"));
        Assert.False(SchedulerCatalog.AcceptsFlag("rr", "sh-port"));
        Assert.False(SchedulerCatalog.AcceptsFlag("nope", "sh-port"));
        Assert.Empty(SchedulerCatalog.FlagsOf("wrr"));
    }

    [Fact]
    public void Bad_names_and_flags_are_explained()
    {
        var unknown = Assert.Throws<ArgumentException>(() => SchedulerCatalog.Create("RR"));
        Assert.Contains("Unknown scheduler 'RR'", unknown.Message);
        Assert.Contains("wlc", unknown.Message);
        var flag = Assert.Throws<ArgumentException>(() => SchedulerCatalog.Create("mh", ["sh-port"]));
        Assert.Contains("accepts mh-fallback, mh-port", flag.Message);
        Assert.Contains("takes no flags", Assert.Throws<ArgumentException>(() => SchedulerCatalog.Create("rr", ["sh-port"])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulerCatalog.Create("mh", null, new SchedulerOptions { MaglevTableIndex = 7 }));
    }
}
