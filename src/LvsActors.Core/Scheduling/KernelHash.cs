using System.Numerics;
using System.Runtime.CompilerServices;

namespace LvsActors.Scheduling;

/// <summary>The kernel's small integer helpers that the schedulers depend on, bit for bit.</summary>
internal static class KernelHash
{
    /// <summary>include/linux/hash.h <c>GOLDEN_RATIO_32</c>.</summary>
    private const uint GoldenRatio32 = 0x61C88647;

    /// <summary>include/linux/hash.h <c>hash_32</c>: multiply, keep the top <paramref name="bits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash32(uint value, int bits) => unchecked(value * GoldenRatio32) >> (32 - bits);

    /// <summary>include/linux/bitops.h <c>fls</c>: 1-based index of the highest set bit, 0 for 0.</summary>
    public static int Fls(uint value) => 32 - BitOperations.LeadingZeroCount(value);

    /// <summary>lib/math/gcd.c <c>gcd</c> for positive values.</summary>
    public static int Gcd(int a, int b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }

    /// <summary>
    /// lib/siphash.c <c>hsiphash</c> of one 32-bit value on a 64-bit kernel, where HalfSipHash-1-3 is really
    /// SipHash-1-3 with two 64-bit key words, truncated to 32 bits. The value is hashed as its 4 bytes in
    /// little-endian order (x86-64, arm64), as <c>hsiphash(&amp;v, sizeof(v), key)</c> in ip_vs_mh.c reads them.
    /// </summary>
    public static uint HalfSipHash(uint value, ulong key0, ulong key1)
    {
        ulong v0 = 0x736f6d6570736575UL ^ key0;
        ulong v1 = 0x646f72616e646f6dUL ^ key1;
        ulong v2 = 0x6c7967656e657261UL ^ key0;
        ulong v3 = 0x7465646279746573UL ^ key1;
        ulong b = (4UL << 56) | value;
        v3 ^= b;
        SipRound(ref v0, ref v1, ref v2, ref v3);
        v0 ^= b;
        v2 ^= 0xff;
        SipRound(ref v0, ref v1, ref v2, ref v3);
        SipRound(ref v0, ref v1, ref v2, ref v3);
        SipRound(ref v0, ref v1, ref v2, ref v3);
        return (uint)(v0 ^ v1 ^ v2 ^ v3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SipRound(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        unchecked
        {
            v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
            v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
        }
    }
}
