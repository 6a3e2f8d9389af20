using LvsActors.Scheduling;

namespace LvsActors.Core.Tests.Scheduling;

public class CatalogTests
{
    [Fact]
    public void Every_kernel_scheduler_is_listed_and_creates_an_instance_of_that_name()
    {
        Assert.Equal(["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"],
            Model.SchedulerCatalog.Names);
        foreach (var name in Model.SchedulerCatalog.Names)
            Assert.Equal(name, SchedulerFactory.Create(name).Name);
    }

    [Fact]
    public void Only_sh_and_mh_take_their_own_flags()
    {
        Assert.True(AcceptsFlag("sh", "sh-fallback"));
        Assert.True(AcceptsFlag("sh", "sh-port"));
        Assert.True(AcceptsFlag("mh", "mh-fallback"));
        Assert.True(AcceptsFlag("mh", "mh-port"));
        Assert.False(AcceptsFlag("sh", "mh-port"));
        Assert.False(AcceptsFlag("rr", "sh-port"));
        Assert.False(AcceptsFlag("nope", "sh-port"));
        Assert.Empty(Model.SchedulerCatalog.FlagNamesFor("wrr"));
    }

    [Fact]
    public void Bad_names_and_flags_are_explained()
    {
        var unknown = Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("RR"));
        Assert.Contains("Unknown scheduler 'RR'", unknown.Message);
        Assert.Contains("wlc", unknown.Message);
        var flag = Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("mh", ["sh-port"]));
        Assert.Contains("accepts mh-fallback, mh-port", flag.Message);
        Assert.Contains("takes no flags", Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("rr", ["sh-port"])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulerFactory.Create("mh", null, new SchedulerOptions { MaglevTableIndex = 7 }));
    }

    private static bool AcceptsFlag(string scheduler, string flag) => Model.SchedulerCatalog.FlagFor(scheduler, flag) is not null;
}
