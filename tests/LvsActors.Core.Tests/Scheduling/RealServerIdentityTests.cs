using System.Net;
using CsCheck;
using LvsActors.Model;
using LvsActors.Scheduling;
using static LvsActors.Core.Tests.Scheduling.Kit;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>The schedulers' <see cref="RealServerKey"/> is the configuration's <see cref="Endpoint"/>, not a second identity.</summary>
public class RealServerIdentityTests
{
    [Fact]
    public void A_key_converts_to_and_from_its_endpoint_losslessly_and_prints_the_same()
    {
        var endpoints = Gen.OneOf(Gen.Byte.Array[4], Gen.Byte.Array[16])
            .Select(Gen.UShort, (bytes, port) => new Endpoint(new IPAddress(bytes), port));
        // Bounded and seeded by CsCheck; a failure prints the seed that reproduces it.
        endpoints.Sample(endpoint =>
        {
            RealServerKey key = endpoint;
            Assert.Equal(RealServerKey.From(endpoint), key);
            Assert.Equal(endpoint, key.ToEndpoint());
            Assert.Equal(endpoint.ToString(), key.ToString());
        }, iter: 5000);
    }

    [Fact]
    public void A_list_finds_a_server_added_by_endpoint_under_an_equal_endpoint()
    {
        var list = new DestinationList(new RoundRobinScheduler());
        list.Add(Rs("[2001:db8::1]:443"), 1);
        list.Add(Rs("192.0.2.1:443"), 1);

        Assert.Equal(1, list.IndexOf(new Endpoint(IPAddress.Parse("2001:db8:0:0::1"), 443)));
        Assert.Equal(-1, list.IndexOf(Rs("[2001:db8::1]:80")));
        Assert.Equal(Rs("[2001:db8::1]:443"), list.Destinations[1].Key.ToEndpoint());
    }

    [Fact]
    public void A_simulation_answers_with_the_endpoints_it_was_given()
    {
        SimulatedServer[] servers = [new(Rs("[2001:db8::1]:80"), 1), new(Rs("[2001:db8::2]:80"), 1)];
        var request = new SimulationRequest("rr", Rs("[2001:db8::80]:80"), servers,
            [new SimulatedConnection(Rs("[2001:db8:1::1]:40000")), new SimulatedConnection(Rs("[2001:db8:1::1]:40001"))]);

        var result = Simulation.Run(request);

        // rr walks the kernel list [::2, ::1] from its head.
        Assert.Equal(["[2001:db8::2]:80", "[2001:db8::1]:80"], result.Choices.Select(c => c.Server.ToString()));
        Assert.Same(servers[1].Server.Address, result.Choices[0].Server!.Value.Address);
        Assert.Same(servers[0].Server.Address, result.Servers[0].Server.Address);
    }
}
