using System.Security.Cryptography.X509Certificates;
using LvsActors.Intruder;

// The intruder of issue 19: dotnet LvsActors.Intruder.dll SEED... [--certificate FILE.crt --key FILE.key]
// Joins the seeds and wants the VIPs until it is killed; prints its own view once a second (see View).
var seeds = new List<string>();
string? certificateFile = null, keyFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--certificate" when i + 1 < args.Length:
            certificateFile = args[++i];
            break;
        case "--key" when i + 1 < args.Length:
            keyFile = args[++i];
            break;
        case var seed when seed.StartsWith("akka.", StringComparison.Ordinal):
            seeds.Add(seed);
            break;
        default:
            Console.Error.WriteLine($"intruder: unknown argument \"{args[i]}\"; usage: SEED... [--certificate FILE.crt --key FILE.key]");
            return 2;
    }
}
if (seeds.Count == 0 || (certificateFile is null) != (keyFile is null))
{
    Console.Error.WriteLine("intruder: give at least one seed (akka.tcp://… or akka.ssl.tcp://…), and --certificate with --key or neither");
    return 2;
}

// A cluster member on a busy two-core host, as lvsactors run is.
LvsActors.Director.Hosting.ThreadPoolFloor.Apply();
using var certificate = certificateFile is null ? null : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
var intruder = Intruder.Start(seeds, certificate);
Console.WriteLine($"intruder started {intruder.SelfAddress}");
// Until it is killed: the test ends the attempt the way a crashing process would, without a graceful leave.
using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
while (await ticks.WaitForNextTickAsync())
{
    Console.WriteLine(intruder.View().ToString());
}
return 0;
