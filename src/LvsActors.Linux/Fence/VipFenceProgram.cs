using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LvsActors.Linux.Fence;

/// <summary>
/// The VIP fence as eBPF bytecode: a tc ingress classifier (direct action) that looks up, in a hash map of VIP →
/// deadline (CLOCK_MONOTONIC ns, the clock of bpf_ktime_get_ns and of .NET's Stopwatch on Linux), the destination of
/// every IPv4 and IPv6 packet, the target of every ARP frame and of every IPv6 neighbour solicitation, and drops the
/// frame once the deadline has passed. Addresses not in the map pass untouched, and so does everything else
/// (VLAN-tagged frames, IPv6 with extension headers before ICMPv6): the fence covers what the VIP lease covers.
/// <para>Hand-assembled (about 50 instructions) so that no compiler (clang, bpftool) is needed to build or run a
/// director. Packet loads use BPF_LD_ABS/BPF_LD_IND, which the verifier allows in classifiers and which bound-check
/// by themselves (a short frame ends the program with 0: TC_ACT_OK); they return each word in host order, so a key is
/// four native u32s holding the address's big-endian 32-bit groups, an IPv4 address as ::ffff:a.b.c.d (<see cref="Key"/>).</para>
/// </summary>
public static class VipFenceProgram
{
    /// <summary>The size of a key: an IPv6 address, or an IPv4 one mapped into IPv6.</summary>
    public const int KeySize = 16;

    /// <summary>The map's key for <paramref name="address"/>: its IPv6 (or IPv4-mapped) bytes as four native big-endian-valued words.</summary>
    public static byte[] Key(IPAddress address)
    {
        var mapped = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        Span<byte> bytes = stackalloc byte[KeySize];
        mapped.TryWriteBytes(bytes, out _);
        var key = new byte[KeySize];
        for (var i = 0; i < KeySize; i += 4)
        {
            BitConverter.TryWriteBytes(key.AsSpan(i), BinaryPrimitives.ReadUInt32BigEndian(bytes[i..]));
        }
        return key;
    }

    // Opcodes (include/uapi/linux/bpf.h, bpf_common.h).
    private const byte MovReg = 0xbf;   // BPF_ALU64 | BPF_MOV | BPF_X
    private const byte MovImm = 0xb7;   // BPF_ALU64 | BPF_MOV | BPF_K
    private const byte AddImm = 0x07;   // BPF_ALU64 | BPF_ADD | BPF_K
    private const byte LdAbsB = 0x30;   // BPF_LD | BPF_ABS | BPF_B
    private const byte LdAbsH = 0x28;   // BPF_LD | BPF_ABS | BPF_H
    private const byte LdAbsW = 0x20;   // BPF_LD | BPF_ABS | BPF_W
    private const byte LdIndW = 0x40;   // BPF_LD | BPF_IND | BPF_W: skb[src + imm]
    private const byte LdImm64 = 0x18;  // BPF_LD | BPF_IMM | BPF_DW (two slots)
    private const byte StxW = 0x63;     // BPF_STX | BPF_MEM | BPF_W
    private const byte StW = 0x62;      // BPF_ST | BPF_MEM | BPF_W
    private const byte LdxDw = 0x79;    // BPF_LDX | BPF_MEM | BPF_DW
    private const byte Ja = 0x05;       // BPF_JMP | BPF_JA
    private const byte JeqImm = 0x15;   // BPF_JMP | BPF_JEQ | BPF_K
    private const byte JneImm = 0x55;   // BPF_JMP | BPF_JNE | BPF_K
    private const byte JgtReg = 0x2d;   // BPF_JMP | BPF_JGT | BPF_X (unsigned)
    private const byte Call = 0x85;     // BPF_JMP | BPF_CALL
    private const byte Exit = 0x95;     // BPF_JMP | BPF_EXIT
    private const byte PseudoMapFd = 1; // src_reg of LdImm64: imm is a map descriptor
    private const int MapLookupElem = 1;
    private const int KtimeGetNs = 5;
    // A frame the fence lets through goes on to the interface's other ingress filters: TC_ACT_UNSPEC, not TC_ACT_OK
    // (which would end classification there). The only early 0 is LD_ABS's own exit on a truncated frame.
    private const int TcActUnspec = -1;
    private const int TcActShot = 2;

    // Ethernet frame offsets: the EtherType at 12; IPv4's destination at 14 + 16; ARP's target protocol address at
    // 14 + 24; IPv6's next header at 14 + 6, its destination at 14 + 24; ICMPv6's type at 14 + 40, a neighbour
    // solicitation's target at 14 + 40 + 8.
    private const int EtherTypeAt = 12;
    private const int Ipv4DestinationAt = 30;
    private const int ArpTargetAt = 38;
    private const int Ipv6NextHeaderAt = 20;
    private const int Ipv6DestinationAt = 38;
    private const int Icmpv6TypeAt = 54;
    private const int SolicitationTargetAt = 62;
    private const int Icmpv6 = 58;
    private const int NeighbourSolicitation = 135;

    /// <summary>The program, its map given by descriptor <paramref name="mapFd"/>.</summary>
    public static byte[] Build(int mapFd)
    {
        var a = new Assembler();
        a.Emit(MovReg, dst: 6, src: 1);                          // r6 = skb: LD_ABS and LD_IND read through r6
        a.Emit(LdAbsH, imm: EtherTypeAt);                        // r0 = EtherType
        a.Jump(JeqImm, "ipv4", imm: 0x0800);
        a.Jump(JeqImm, "arp", imm: 0x0806);
        a.Jump(JneImm, "pass", imm: 0x86dd);
        // IPv6: the solicitation's target for a neighbour solicitation (its destination is a multicast group), else
        // the destination; r7 holds the offset of the 16 bytes.
        a.Emit(MovImm, dst: 7, imm: Ipv6DestinationAt);
        a.Emit(LdAbsB, imm: Ipv6NextHeaderAt);
        a.Jump(JneImm, "ipv6-key", imm: Icmpv6);
        a.Emit(LdAbsB, imm: Icmpv6TypeAt);
        a.Jump(JneImm, "ipv6-key", imm: NeighbourSolicitation);
        a.Emit(MovImm, dst: 7, imm: SolicitationTargetAt);
        a.Label("ipv6-key");
        for (var word = 0; word < 4; word++)
        {
            a.Emit(LdIndW, src: 7, imm: 4 * word);               // r0 = 32 bits of the address
            a.Emit(StxW, dst: 10, src: 0, off: (short)(-16 + 4 * word));
        }
        a.Jump(Ja, "lookup");
        a.Label("ipv4");
        a.Emit(LdAbsW, imm: Ipv4DestinationAt);
        a.Jump(Ja, "ipv4-key");
        a.Label("arp");
        a.Emit(LdAbsW, imm: ArpTargetAt);
        a.Label("ipv4-key");                                     // ::ffff:a.b.c.d
        a.Emit(StxW, dst: 10, src: 0, off: -4);
        a.Emit(StW, dst: 10, off: -16, imm: 0);
        a.Emit(StW, dst: 10, off: -12, imm: 0);
        a.Emit(StW, dst: 10, off: -8, imm: 0xffff);
        a.Label("lookup");
        a.Emit(LdImm64, dst: 1, src: PseudoMapFd, imm: mapFd);  // r1 = the map
        a.Emit(0);                                               // (second half of the 64-bit load)
        a.Emit(MovReg, dst: 2, src: 10);                         // r2 = &key
        a.Emit(AddImm, dst: 2, imm: -16);
        a.Emit(Call, imm: MapLookupElem);                        // r0 = &deadline or null
        a.Jump(JeqImm, "pass", imm: 0);                          // not a fenced VIP
        a.Emit(LdxDw, dst: 7, src: 0);                           // r7 = deadline
        a.Emit(Call, imm: KtimeGetNs);                           // r0 = now
        a.Jump(JgtReg, "drop", src: 7);                          // now > deadline
        a.Label("pass");
        a.Emit(MovImm, dst: 0, imm: TcActUnspec);
        a.Emit(Exit);
        a.Label("drop");
        a.Emit(MovImm, dst: 0, imm: TcActShot);
        a.Emit(Exit);
        return a.Bytes();
    }

    /// <summary>Eight-byte instructions, with jumps to labels resolved at the end.</summary>
    private sealed class Assembler
    {
        private readonly List<byte[]> _instructions = [];
        private readonly Dictionary<string, int> _labels = [];
        private readonly List<(int At, string Label)> _jumps = [];

        public void Emit(byte code, int dst = 0, int src = 0, short off = 0, int imm = 0)
        {
            var insn = new byte[8];
            insn[0] = code;
            insn[1] = (byte)((dst & 0xf) | ((src & 0xf) << 4));
            BinaryPrimitives.WriteInt16LittleEndian(insn.AsSpan(2), off);
            BinaryPrimitives.WriteInt32LittleEndian(insn.AsSpan(4), imm);
            _instructions.Add(insn);
        }

        /// <summary>A conditional jump on r0 (against <paramref name="imm"/>, or register <paramref name="src"/>), or Ja.</summary>
        public void Jump(byte code, string label, int src = 0, int imm = 0)
        {
            _jumps.Add((_instructions.Count, label));
            Emit(code, dst: 0, src: src, imm: imm);
        }

        public void Label(string name) => _labels.Add(name, _instructions.Count);

        public byte[] Bytes()
        {
            foreach (var (at, label) in _jumps)
            {
                // A jump's offset counts instructions from the one after it.
                BinaryPrimitives.WriteInt16LittleEndian(_instructions[at].AsSpan(2), checked((short)(_labels[label] - at - 1)));
            }
            return [.. _instructions.SelectMany(i => i)];
        }
    }
}
