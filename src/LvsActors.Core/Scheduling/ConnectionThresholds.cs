namespace LvsActors.Scheduling;

/// <summary>
/// A real server's connection limits (ipvsadm -x / -y) and the kernel's rules that turn them into the
/// <see cref="RealServerState.Overloaded"/> flag. Counts are <c>ip_vs_dest_totalconns</c>: active + inactive.
/// </summary>
/// <param name="Upper">Upper threshold; 0 = no limit.</param>
/// <param name="Lower">Lower threshold; 0 = use 3/4 of <paramref name="Upper"/>.</param>
public readonly record struct ConnectionThresholds(int Upper = 0, int Lower = 0)
{
    /// <summary>
    /// After a connection is bound to the server (ip_vs_conn.c <c>ip_vs_bind_dest</c>): the flag is set once the
    /// total reaches the upper threshold; binding never clears it.
    /// </summary>
    public bool AfterBind(bool overloaded, int totalConnections) =>
        overloaded || (Upper != 0 && totalConnections >= Upper);

    /// <summary>
    /// After a connection entry leaves the server (ip_vs_conn.c <c>ip_vs_unbind_dest</c>): cleared below the lower
    /// threshold, or below 3/4 of the upper one when no lower threshold is set, or always when neither is set.
    /// </summary>
    public bool AfterUnbind(bool overloaded, int totalConnections)
    {
        if (Lower != 0)
            return overloaded && totalConnections >= Lower;
        if (Upper != 0)
            return overloaded && totalConnections * 4 >= Upper * 3;
        return false;
    }

    /// <summary>
    /// When the thresholds are edited (ip_vs_ctl.c <c>__ip_vs_update_dest</c>): removing the upper limit or raising
    /// it clears the flag; lowering it leaves the flag until the next bind.
    /// </summary>
    public bool AfterEdit(bool overloaded, ConnectionThresholds previous) =>
        overloaded && Upper != 0 && Upper <= previous.Upper;
}
