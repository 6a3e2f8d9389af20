using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// FILE_CHECK: reads the number at the start of a file, the way keepalived's track_file.c does (the first 127 bytes,
/// strtol with base 0: leading blanks, a sign, 0x for hex, a leading 0 for octal, anything after the number ignored;
/// no digits reads as 0) and judges it as keepalived does, so that the "touch a file to take a server out" habit
/// of keepalived users keeps working: with weight 0, 0 is up and anything else is down; with a weight, the real
/// server's weight becomes its configured weight + value × weight, down when that is negative and at most 65535.
/// A missing file reads as 0, as in keepalived; a file that exists but cannot be read is down with the reason.
/// </summary>
public sealed class FileChecker : IHealthChecker
{
    /// <summary>keepalived reads into a 128-byte buffer.</summary>
    private const int ReadLength = 127;

    private readonly FileCheckSpec _spec;
    private readonly int _configuredWeight;

    /// <summary>Watches <paramref name="spec"/>'s file for a real server configured with <paramref name="configuredWeight"/>.</summary>
    public FileChecker(FileCheckSpec spec, int configuredWeight)
    {
        _spec = spec;
        _configuredWeight = configuredWeight;
    }

    /// <summary>Reads the file once; local and small, so it completes synchronously and ignores the timeout.</summary>
    public Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(CheckResult.Failure($"reading {_spec.Path} cancelled"));
        }
        return Task.FromResult(Check());
    }

    private CheckResult Check()
    {
        var path = _spec.Path;
        string text;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[ReadLength];
            var length = RandomAccess.Read(file, buffer, 0);
            text = System.Text.Encoding.ASCII.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            text = "";
        }
        catch (Exception e)
        {
            return CheckResult.Failure($"cannot read {path}: {e.Message}");
        }
        var value = StrtolBase0(text);
        if (value is < int.MinValue or > int.MaxValue)
        {
            return CheckResult.Failure($"{path} holds {value}, outside the 32-bit range");
        }
        if (_spec.Weight == 0)
        {
            return value == 0 ? CheckResult.Success($"{path} holds 0") : CheckResult.Failure($"{path} holds {value}");
        }
        var weight = _configuredWeight + value * _spec.Weight;
        return weight < 0
            ? CheckResult.Failure($"{path} holds {value}: weight {_configuredWeight} + {value} × {_spec.Weight} is negative")
            : CheckResult.Success($"{path} holds {value}: weight {Math.Min(weight, RealServer.MaxWeight)}", (int)Math.Min(weight, RealServer.MaxWeight));
    }

    /// <summary>C's strtol(text, NULL, 0), saturating far beyond the 32-bit range so that overflow stays visible.</summary>
    internal static long StrtolBase0(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        var negative = i < text.Length && text[i] == '-';
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }
        var radix = 10;
        if (i + 1 < text.Length && text[i] == '0' && text[i + 1] is 'x' or 'X' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < text.Length && text[i] == '0')
        {
            radix = 8;
        }
        long value = 0;
        for (; i < text.Length; i++)
        {
            var digit = text[i] switch
            {
                >= '0' and <= '9' => text[i] - '0',
                >= 'a' and <= 'f' => text[i] - 'a' + 10,
                >= 'A' and <= 'F' => text[i] - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= radix)
            {
                break;
            }
            value = Math.Min(value * radix + digit, 1L << 40);
        }
        return negative ? -value : value;
    }
}
