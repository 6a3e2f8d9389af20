using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors weight SERVICE REAL-SERVER WEIGHT</c>: override a real server's weight (restore undoes it).</summary>
internal static class WeightCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "The virtual service's name" };
        var server = new Argument<string>("real-server") { Description = "The real server, ADDRESS:PORT" };
        var weight = new Argument<int>("weight") { Description = "0–65535; 0 is quiescent" };
        var api = new AdminApiOptions();
        var command = new Command("weight", "Override a real server's weight until `restore`") { service, server, weight };
        api.AddTo(command);
        command.SetAction((parse, ct) => AdminWrite.RunAsync(parse, api, HttpMethod.Put,
            AdminWrite.RealServerPath(parse.GetValue(service)!, parse.GetValue(server)!) + "/weight",
            new { weight = parse.GetValue(weight) },
            $"weight of {parse.GetValue(server)} in {parse.GetValue(service)} is {parse.GetValue(weight)}", ct));
        return command;
    }
}
