using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// FILE_CHECK: reads the number at the start of a file, the way keepalived's track_file.c does (the first 127 bytes,
/// strtol with base 0: leading blanks, a sign, 0x for hex, a leading 0 for octal, anything after the number ignored;
/// no digits reads as 0). As this project documents it, 0 is down and any other value is up, and a non-zero weight
/// makes the real server's weight value × weight (clamped to 0–65535). keepalived differs: with weight 0 it treats a
/// non-zero value as down, and with a weight it adds value × weight to the configured weight. A file that is missing
/// or unreadable is down with the reason (keepalived reads it as 0).
/// </summary>
public sealed class FileChecker : IHealthChecker
{
    /// <summary>keepalived reads into a 128-byte buffer.</summary>
    private const int ReadLength = 127;

    private readonly FileCheckSpec _spec;

    /// <summary>Watches <paramref name="spec"/>'s file.</summary>
    public FileChecker(FileCheckSpec spec) => _spec = spec;

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
            return CheckResult.Failure($"{path} does not exist");
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
        if (value == 0)
        {
            return CheckResult.Failure($"{path} holds 0");
        }
        if (_spec.Weight == 0)
        {
            return CheckResult.Success($"{path} holds {value}");
        }
        var weight = (int)Math.Clamp(value * _spec.Weight, 0, RealServer.MaxWeight);
        return CheckResult.Success($"{path} holds {value}: weight {weight}", weight);
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
