using System.Net.Sockets;
using LvsActors.Configuration;
using LvsActors.Linux.Probes;

namespace LvsActors.Director.Checks;

/// <summary>
/// HTTP_GET's loop on the probe engine: each probe fetches the checker's URLs one after the other, each on its own
/// connection, within one timeout, and is judged exactly as <see cref="HttpChecker.CheckAsync"/> judges it, with the
/// same reasons. The engine calls the exchange's methods and <see cref="Probed"/> on its one thread, one probe at a
/// time, so the reading state lives in fields and is reused; a probe whose URL answers as the last one did reuses
/// its result too.
/// </summary>
internal sealed class HttpProbeLoop : IProbeLoop, ITcpProbeObserver, IProbeExchange
{
    private readonly HttpChecker _checker;
    private readonly IProbeLoopOwner _owner;
    private readonly TcpProbeLoop _loop;
    private readonly IReadOnlyList<HttpChecker.UrlProbe> _urls;
    private readonly HttpAnswerReader _reader;
    private readonly string _timedOut;
    private readonly (int Status, string Path)[] _statuses;
    private int _url;
    private CheckResult? _verdict;
    private int _lastPassedStatus;
    private CheckResult? _lastPassed;

    public HttpProbeLoop(HttpChecker checker, TcpProbeEngine engine, TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner)
    {
        _checker = checker;
        _owner = owner;
        _urls = checker.Urls;
        _statuses = new (int, string)[_urls.Count];
        _reader = new HttpAnswerReader(_urls.Any(u => u.Url.Digest is not null), _urls.Any(u => u.Url.Regex is not null));
        _timedOut = $"timed out after {DurationText.Format(timeout)}";
        var endpoints = checker.Endpoints;
        _loop = engine.CreateLoop(endpoints.Destination, endpoints.Source, interval, timeout, this, this);
    }

    private HttpChecker.UrlProbe Current => _urls[_url];

    private string Operation => $"GET {Current.Url.Path} from";

    public void Run(TimeSpan delay, ProbeUntil until) => _loop.Run(delay, until switch
    {
        ProbeUntil.Failure => TcpProbeReport.FirstFailure,
        ProbeUntil.Success => TcpProbeReport.FirstSuccess,
        _ => TcpProbeReport.Next,
    });

    public void Begin()
    {
        _url = 0;
        _verdict = null;
        _reader.Reset();
    }

    public ReadOnlySpan<byte> Request => Current.Request;

    public bool Received(ReadOnlySpan<byte> data) => _reader.Add(data);

    public bool Passed => _verdict is { Up: true };

    public bool Answered()
    {
        if (_reader.HeadTooLarge)
        {
            _verdict = CheckResult.Failure($"{Operation} {_checker.Endpoints.Target} failed: {HttpAnswerReader.HeadTooLargeReason}");
            return false;
        }
        var answer = _reader.Finish();
        var failure = _checker.Judge(Current, answer);
        if (failure is not null)
        {
            _verdict = CheckResult.Failure(failure);
            return false;
        }
        _statuses[_url] = (answer.Head!.Status, Current.Url.Path);
        if (++_url < _urls.Count)
        {
            _reader.Reset();
            return true;
        }
        _verdict = PassedResult();
        return false;
    }

    public void Probed(TcpProbeResult result, bool reported)
    {
        var target = _checker.Endpoints.Target;
        var checkResult = result.Outcome switch
        {
            TcpProbeOutcome.Answered => _verdict!.Value,
            TcpProbeOutcome.TimedOut => CheckResult.Failure($"{Operation} {target} {_timedOut}"),
            _ => CheckResult.Failure(CheckFailures.Describe(result.Error == SocketError.Success ? SocketError.SocketError : result.Error, Operation, target)),
        };
        _owner.Probed(checkResult, result.Duration, reported);
    }

    public void Dispose()
    {
        // The engine may still be reading into the reader; its MD5 is left to the collector rather than disposed under it.
        _loop.Dispose();
    }

    // A single URL that answers as last time (the usual 200) gives the same result object.
    private CheckResult PassedResult()
    {
        if (_statuses.Length == 1 && _lastPassed is not null && _statuses[0].Status == _lastPassedStatus)
        {
            return _lastPassed.Value;
        }
        _lastPassedStatus = _statuses[0].Status;
        var passed = CheckResult.Success(HttpChecker.Passed(_statuses));
        _lastPassed = passed;
        return passed;
    }
}
