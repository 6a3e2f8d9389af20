using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Netlink;

/// <summary>Generic netlink family resolution: CTRL_CMD_GETFAMILY to the controller, by family name.</summary>
internal static class GenericNetlink
{
    /// <summary>Writes CTRL_CMD_GETFAMILY for <paramref name="familyName"/> with NLM_F_ACK, as libnl's genl_ctrl_resolve does.</summary>
    public static void WriteGetFamily(NetlinkMessageWriter writer, uint sequence, string familyName)
    {
        writer.BeginMessage(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, sequence);
        writer.WriteGenericHeader(CTRL_CMD_GETFAMILY, GENL_CTRL_VERSION);
        writer.PutString(CTRL_ATTR_FAMILY_NAME, familyName);
        writer.EndMessage();
    }

    /// <summary>Reads CTRL_ATTR_FAMILY_ID from the controller's CTRL_CMD_NEWFAMILY reply; null when absent.</summary>
    public static ushort? ReadFamilyId(NetlinkMessage reply)
    {
        if (reply.Type != GENL_ID_CTRL)
        {
            return null;
        }

        foreach (NetlinkAttribute attribute in reply.Attributes(GENL_HDRLEN))
        {
            if (attribute.Type == CTRL_ATTR_FAMILY_ID)
            {
                return attribute.U16;
            }
        }

        return null;
    }

    /// <summary>
    /// Resolves a family id; null when the kernel has no such family (ENOENT: module not loaded or not built).
    /// </summary>
    public static ushort? ResolveFamily(NetlinkChannel channel, NetlinkMessageWriter writer, string familyName)
    {
        uint sequence = channel.ReserveSequences(1);
        writer.Clear();
        WriteGetFamily(writer, sequence, familyName);
        ushort? familyId = null;
        NetlinkAck ack = channel.Request(writer.WrittenSpan, sequence, message => familyId ??= ReadFamilyId(message));
        if (ack.Errno == ENOENT)
        {
            return null;
        }

        if (!ack.IsSuccess)
        {
            throw new NetlinkException(
                $"generic netlink: resolving family {familyName} failed: {NetlinkException.Describe(ack.Errno)}"
                + (ack.KernelMessage is null ? string.Empty : $" (kernel: {ack.KernelMessage})"),
                ack.Errno,
                ack.KernelMessage);
        }

        return familyId ?? throw NetlinkReader.Malformed($"CTRL_CMD_GETFAMILY reply for {familyName} without CTRL_ATTR_FAMILY_ID");
    }
}
