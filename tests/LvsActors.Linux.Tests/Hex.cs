using System.Globalization;

namespace LvsActors.Linux.Tests;

/// <summary>Golden bytes written as hex, one field per line with a comment: "08 00 09 00  // nla_len 8, NETMASK".</summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var bytes = new List<byte>();
        foreach (string rawLine in text.Split('\n'))
        {
            int comment = rawLine.IndexOf("//", StringComparison.Ordinal);
            string line = comment >= 0 ? rawLine[..comment] : rawLine;
            foreach (string token in line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add(byte.Parse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return bytes.ToArray();
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Asserts equality and, on failure, shows both sides as hex with the first differing offset.</summary>
    public static void Equal(string expectedHex, ReadOnlySpan<byte> actual)
    {
        byte[] expected = Parse(expectedHex);
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        Assert.Fail($"bytes differ at offset {i} (expected {expected.Length} bytes, got {actual.Length})\n"
            + $"expected {Format(expected)}\nactual   {Format(actual)}");
    }
}
