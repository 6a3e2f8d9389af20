using LvsActors.Scheduling;

namespace LvsActors.Core.Tests.Scheduling;

public class KernelHashTests
{
    [Fact]
    public void HalfSipHash_matches_the_kernels_own_64_bit_test_vector()
    {
        // lib/siphash_kunit.c (was lib/test_siphash.c), BITS_PER_LONG == 64: key {0x0706050403020100,
        // 0x0f0e0d0c0b0a0908}; test_vectors_hsiphash[4] is the hash of the 4 bytes 00 01 02 03 = 0x88d38328.
        var hash = KernelHash.HalfSipHash(0x03020100, 0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL);
        Assert.Equal(0x88d38328u, hash);
    }

    [Theory]
    // hash_32(v, 8) = (v * 0x61C88647 mod 2^32) >> 24, computed by hand (Python integers):
    // 0xCB007101 * 0x61C88647 mod 2^32 = 0x320DDD47 -> 0x32 = 50; 0xC6336401 -> 0x60614247 -> 0x60 = 96.
    [InlineData(0xCB007101u, 8, 50u)]
    [InlineData(0xC6336401u, 8, 96u)]
    [InlineData(0xC6336402u, 8, 194u)]
    [InlineData(1u, 10, 0x61C88647u >> 22)]
    public void Hash32_is_the_golden_ratio_multiply(uint value, int bits, uint expected) =>
        Assert.Equal(expected, KernelHash.Hash32(value, bits));

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(1u, 1)]
    [InlineData(64u, 7)]
    [InlineData(65535u, 16)]
    public void Fls_is_the_one_based_top_bit(uint value, int expected) => Assert.Equal(expected, KernelHash.Fls(value));

    [Fact]
    public void Address_fold_is_host_order_and_xors_IPv6_words()
    {
        Assert.Equal(0xC0000201u, InetAddress.Parse("192.0.2.1").Fold());
        // 2001:db8::1 -> words 0x20010db8, 0, 0, 1 -> xor = 0x20010db9
        Assert.Equal(0x20010db9u, InetAddress.Parse("2001:db8::1").Fold());
        Assert.Equal("2001:db8::1", InetAddress.Parse("2001:db8::1").ToString());
    }
}
