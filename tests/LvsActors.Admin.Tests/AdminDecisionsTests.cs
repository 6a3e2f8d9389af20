using LvsActors.Director.Admin;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>What a command becomes: an event, nothing, or a refusal that says what is wrong and where.</summary>
public sealed class AdminDecisionsTests
{
    private static readonly Model.LvsConfig Config = Load(Text(Sqlite("/unused.db"))).Config;
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static AdminDecisions.Decision Decide(IAdminCommand command, AdminIntent? intent = null) =>
        AdminDecisions.Decide(Config, intent ?? AdminIntent.Empty, command, Now, TimeSpan.FromMinutes(5));

    [Fact]
    public void A_drain_becomes_an_event_with_the_default_deadline()
    {
        var e = Assert.IsType<RealServerDrained>(Decide(new DrainRealServer(Service, Rs1, null, "ops")).Event);
        Assert.Equal(Now.AddMinutes(5), e.Deadline);
        Assert.Equal("ops", e.By);
    }

    [Fact]
    public void An_unknown_real_server_is_refused_with_the_service_and_its_servers() =>
        Assert.Equal(
            new AdminWriteRejected(AdminRejection.NotFound, "real server 198.51.100.99:80 is not in virtual service web; its real servers: 198.51.100.11:80, 198.51.100.12:80, 198.51.100.13:80"),
            Decide(new DrainRealServer(Service, "198.51.100.99:80", null, "ops")).Rejection);

    [Fact]
    public void An_unknown_service_is_refused_with_the_configured_ones() =>
        Assert.Equal(new AdminWriteRejected(AdminRejection.NotFound, "virtual service mail is not configured; configured: web"),
            Decide(new StartServiceMaintenance("mail", "ops")).Rejection);

    [Fact]
    public void A_bare_address_takes_the_service_port() =>
        Assert.IsType<WeightOverridden>(Decide(new OverrideWeight(Service, "198.51.100.12", 5, "ops")).Event);

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_weight_out_of_range_is_invalid(int weight) =>
        Assert.Equal(AdminRejection.Invalid, Decide(new OverrideWeight(Service, Rs1, weight, "ops")).Rejection?.Kind);

    [Fact]
    public void Asking_for_what_is_already_so_changes_nothing()
    {
        var intent = AdminIntent.Empty.Apply(Decide(new DrainRealServer(Service, Rs1, null, "ops")).Event!);
        Assert.Equal(default, Decide(new DrainRealServer(Service, Rs1, null, "ops"), intent));
        Assert.Equal(default, Decide(new RestoreRealServer(Service, Rs2, "ops")));
    }

    [Fact]
    public void Adding_a_server_that_is_there_is_a_conflict_and_another_family_is_invalid()
    {
        Assert.Equal(AdminRejection.Conflict, Decide(new AddRealServer(Service, Rs1, 1, null, "ops")).Rejection?.Kind);
        Assert.Equal(AdminRejection.Invalid, Decide(new AddRealServer(Service, "[2001:db8::1]:80", 1, null, "ops")).Rejection?.Kind);
        Assert.Equal(AdminRejection.NotFound, Decide(new AddRealServer(Service, "198.51.100.20:80", 1, "198.51.100.99:80", "ops")).Rejection?.Kind);
        var added = Assert.IsType<RealServerAdded>(Decide(new AddRealServer(Service, "198.51.100.20:80", 1, null, "ops")).Event);
        Assert.Equal(Rs1, added.ChecksLike);
    }

    [Fact]
    public void Adding_back_a_removed_configured_server_restores_it()
    {
        var intent = AdminIntent.Empty.Apply(Decide(new RemoveRealServer(Service, Rs2, "ops")).Event!);
        var restored = Decide(new AddRealServer(Service, Rs2, 1, null, "ops"), intent).Event!;
        Assert.IsType<RealServerRestored>(restored);
        Assert.True(intent.Apply(restored).For(Service).IsEmpty);
    }
}
