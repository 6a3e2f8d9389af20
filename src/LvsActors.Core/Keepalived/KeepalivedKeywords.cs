namespace LvsActors.Keepalived;

/// <summary>Whether the importer carries a keepalived keyword over or reports it.</summary>
public enum KeywordHandling
{
    /// <summary>Written into the HOCON (the meaning names the key).</summary>
    Mapped,

    /// <summary>Listed in the report as a loss, with the reason (the meaning).</summary>
    Reported,

    /// <summary>Listed in the report as a note (the meaning): mechanics with no meaning here, nothing lost.</summary>
    Noted,
}

/// <summary>How the importer handles one keyword, and the HOCON key it becomes or why it is reported.</summary>
public sealed record KeywordRule(KeywordHandling Handling, string Meaning);

/// <summary>
/// Every keepalived keyword the importer knows and what it does with each. A keyword that is mapped in one block may
/// still be reported in another (alpha on a real server, track_file in a vrrp_instance); the report then says so.
/// </summary>
public static class KeepalivedKeywords
{
    private static KeywordRule M(string key) => new(KeywordHandling.Mapped, key);

    private static KeywordRule R(string why) => new(KeywordHandling.Reported, why);

    private static KeywordRule N(string why) => new(KeywordHandling.Noted, why);

    private const string NoVrrp = "not needed: an Akka.NET cluster decides which director owns the VIPs, not VRRP adverts";

    /// <summary>The keywords, by name.</summary>
    public static IReadOnlyDictionary<string, KeywordRule> Table { get; } = new Dictionary<string, KeywordRule>(StringComparer.Ordinal)
    {
        ["include"] = M("followed while reading (globs relative to the including file)"),
        // virtual_server and its group
        ["virtual_server"] = M("lvs.virtual-services.NAME (address or fwmark)"),
        ["virtual_server_group"] = M("one virtual service per member, each with the group's real servers"),
        ["fwmark"] = M("fwmark"),
        ["ip_family"] = M("family"),
        ["protocol"] = M("protocol"),
        ["lvs_sched"] = M("scheduler"),
        ["lb_algo"] = M("scheduler"),
        ["sh-port"] = M("scheduler-flags = [sh-port]"),
        ["sh-fallback"] = M("scheduler-flags = [sh-fallback]"),
        ["mh-port"] = M("scheduler-flags = [mh-port]"),
        ["mh-fallback"] = M("scheduler-flags = [mh-fallback]"),
        ["flag-1"] = M("scheduler-flags = [sh-fallback] or [mh-fallback] (the same kernel bit)"),
        ["flag-2"] = M("scheduler-flags = [sh-port] or [mh-port] (the same kernel bit)"),
        ["flag-3"] = N("no scheduler in the kernel reads this flag; not carried over"),
        ["hashed"] = N("no effect: an old flag keepalived no longer passes to the kernel; not carried over"),
        ["ops"] = M("one-packet = true"),
        ["lvs_method"] = M("forwarding (and tunnel { type, port, checksum })"),
        ["lb_kind"] = M("forwarding"),
        ["persistence_timeout"] = M("persistence-timeout (360s when bare, as keepalived)"),
        ["persistence_granularity"] = M("persistence-granularity"),
        ["persistence_engine"] = M("persistence-engine"),
        ["delay_loop"] = M("delay-loop"),
        ["quorum"] = M("quorum"),
        ["hysteresis"] = M("hysteresis"),
        ["quorum_up"] = M("quorum-up"),
        ["quorum_down"] = M("quorum-down"),
        ["sorry_server"] = M("sorry-server.address"),
        ["sorry_server_inhibit"] = M("sorry-server.inhibit"),
        ["sorry_server_lvs_method"] = M("sorry-server.forwarding"),
        ["alpha"] = M("alpha (virtual_server only)"),
        ["omega"] = M("omega"),
        ["inhibit_on_failure"] = M("inhibit-on-failure"),
        ["ha_suspend"] = M("ha-suspend"),
        ["virtualhost"] = M("virtualhost"),
        ["smtp_alert"] = N("lvsactors sends no mail; run a notify-up/notify-down program instead"),
        ["snmp_name"] = N("lvsactors has no SNMP agent; services are named by their HOCON key"),
        // real_server
        ["real_server"] = M("real-servers = [ { address … } ]"),
        ["weight"] = M("weight"),
        ["notify_up"] = M("notify-up"),
        ["notify_down"] = M("notify-down"),
        ["uthreshold"] = M("upper-threshold"),
        ["lthreshold"] = M("lower-threshold"),
        // checkers and their options
        ["TCP_CHECK"] = M("checks = [ { type = tcp } ]"),
        ["HTTP_GET"] = M("checks = [ { type = http } ]"),
        ["SSL_GET"] = M("checks = [ { type = https } ]"),
        ["url"] = M("urls = [ { … } ]"),
        ["path"] = M("path"),
        ["status_code"] = M("status-codes"),
        ["digest"] = M("digest"),
        ["regex"] = M("regex"),
        ["regex_no_match"] = M("regex-no-match"),
        ["regex_options"] = R("lvsactors matches with .NET regular expressions without PCRE options; not carried over"),
        ["regex_min_offset"] = R("lvsactors searches the whole body; not carried over"),
        ["regex_max_offset"] = R("lvsactors searches the whole body; not carried over"),
        ["regex_stack"] = N("no PCRE stack to size; not carried over"),
        ["http_protocol"] = M("http-protocol"),
        ["enable_sni"] = M("server-name (from sni_name or the virtualhost)"),
        ["sni_name"] = M("server-name"),
        ["fast_recovery"] = N("no equivalent: lvsactors checks on its own schedule; not carried over"),
        ["tls_compliant"] = N("no equivalent: lvsactors always closes TLS properly; not carried over"),
        ["nb_get_retry"] = M("retry (the older name)"),
        ["SMTP_CHECK"] = M("checks = [ { type = smtp } ]"),
        ["helo_name"] = M("helo-name"),
        ["host"] = M("one smtp check per host block, as keepalived makes one checker per host"),
        ["DNS_CHECK"] = M("checks = [ { type = dns } ]"),
        ["type"] = M("query-type"),
        ["name"] = M("query-name"),
        ["MISC_CHECK"] = M("checks = [ { type = misc } ]"),
        ["misc_path"] = M("command (program and arguments, run without a shell)"),
        ["misc_timeout"] = M("timeout"),
        ["misc_dynamic"] = M("dynamic = true"),
        ["user"] = M("user"),
        ["UDP_CHECK"] = M("checks = [ { type = udp } ]"),
        ["payload"] = M("payload"),
        ["require_reply"] = M("require-reply"),
        ["min_reply_length"] = M("min-reply-length"),
        ["max_reply_length"] = M("max-reply-length"),
        ["PING_CHECK"] = M("checks = [ { type = ping } ]"),
        ["FILE_CHECK"] = M("checks = [ { type = file } ]"),
        ["track_file"] = M("path and weight of a file check (from the named track_file block)"),
        ["file"] = M("path"),
        ["init_file"] = R("lvsactors never creates the watched file; create it when deploying"),
        ["BFD_CHECK"] = R("out of scope: lvsactors has no BFD checker yet; the real server is imported without this check"),
        ["connect_ip"] = M("connect-address"),
        ["connect_port"] = M("connect-port"),
        ["bindto"] = M("bind-address"),
        ["bind_port"] = M("bind-port"),
        ["bind_if"] = R("no equivalent: checks are routed by the kernel; bind to an address with bindto instead"),
        ["connect_timeout"] = M("connect-timeout"),
        ["retry"] = M("retry"),
        ["delay_before_retry"] = M("delay-before-retry"),
        ["warmup"] = M("warmup"),
        ["log_all_failures"] = N("lvsactors logs every failed check at debug level; not carried over"),
        // global_defs
        ["global_defs"] = M("read for lvs_sync_daemon"),
        ["lvs_sync_daemon"] = M("lvs.cluster.sync-daemon"),
        ["process_priority"] = M("lvs.director.nice"),
        ["vrrp_priority"] = M("lvs.director.nice"),
        ["vrrp_rt_priority"] = M("lvs.director.realtime-priority"),
        ["checker_rt_priority"] = M("lvs.director.realtime-priority"),
        ["router_id"] = N("no equivalent: a director is named by its akka.remote address"),
        ["notification_email"] = N("lvsactors sends no mail; use the notify programs"),
        ["notification_email_from"] = N("lvsactors sends no mail; use the notify programs"),
        ["smtp_server"] = N("lvsactors sends no mail; use the notify programs"),
        ["smtp_connect_timeout"] = N("lvsactors sends no mail; use the notify programs"),
        ["enable_script_security"] = N("lvsactors always runs programs without a shell, as the user it runs as"),
        ["script_user"] = N("lvsactors runs notify programs as the user it runs as; a misc check takes its own user"),
        // vrrp_instance → lvs.cluster
        ["vrrp_instance"] = M("lvs.cluster (one per configuration)"),
        ["state"] = M("role = director (the priority, not the state, decides the owner)"),
        ["priority"] = M("priority"),
        ["nopreempt"] = M("preempt = false"),
        ["preempt_delay"] = M("preempt-delay"),
        ["virtual_ipaddress"] = M("vips = [ { address, interface } ]"),
        ["notify_master"] = M("notify-master"),
        ["notify_backup"] = M("notify-backup"),
        ["notify_fault"] = M("notify-fault"),
        ["garp_master_delay"] = M("announce.delay"),
        ["garp_master_repeat"] = M("announce.repeat"),
        ["garp_master_refresh"] = M("announce.refresh"),
        ["notify_stop"] = R("no equivalent: lvsactors runs no program when it stops; use the service manager's ExecStopPost"),
        ["notify"] = R("no equivalent: use notify-master, notify-backup and notify-fault"),
        ["track_script"] = M("lvs.cluster.track-script (the script of the vrrp_script it names)"),
        ["track_interface"] = M("lvs.cluster.track-interfaces"),
        ["advert_int"] = N(NoVrrp + "; failover time follows akka.cluster.failure-detector and lvs.fencing"),
        ["unicast_peer"] = N("list the directors in akka.cluster.seed-nodes (Akka.NET talks TCP, no multicast needed)"),
        ["unicast_src_ip"] = N("set akka.remote.dot-netty.tcp.hostname to this director's address"),
        ["virtual_router_id"] = N(NoVrrp),
        ["interface"] = N(NoVrrp + "; VIPs without dev are added to this interface"),
        ["authentication"] = N(NoVrrp + "; secure the cluster with akka.remote TLS"),
        ["virtual_ipaddress_excluded"] = R("no equivalent: every VIP is announced; list it under vips if it should move"),
        ["vrrp_script"] = M("lvs.cluster.track-script, through the track_script that names it"),
        ["vrrp_sync_group"] = M("one cluster: the VIPs of its instances and its notify programs go to lvs.cluster"),
        ["lvs_sync_daemon_interface"] = M("lvs.cluster.sync-daemon.interface (the older place of lvs_sync_daemon)"),
        ["version"] = N(NoVrrp + " (the VRRP protocol version)"),
        ["use_vmac"] = N(NoVrrp + ": the VIPs go on the interface itself, with its own MAC address, not on a VRRP virtual MAC"),
        ["vmac_xmit_base"] = N(NoVrrp),
        ["dont_track_primary"] = N(NoVrrp),
        ["vrrp_strict"] = N(NoVrrp),
        ["vrrp_skip_check_adv_addr"] = N(NoVrrp),
        ["vrrp_garp_interval"] = N(NoVrrp),
        ["vrrp_gna_interval"] = N(NoVrrp),
        ["lvs_id"] = N("no equivalent: a director is named by its akka.remote address"),
        ["static_ipaddress"] = R("no equivalent: lvsactors adds only the VIPs; configure this address in the system's network settings"),
        ["static_routes"] = R("no equivalent: lvsactors adds no routes; configure them in the system's network settings"),
        ["static_rules"] = R("no equivalent: lvsactors adds no routing rules; configure them in the system's network settings"),
        ["virtual_routes"] = R("no equivalent: routes do not move with the VIPs; add them from notify-master and remove them from notify-backup"),
        ["virtual_rules"] = R("no equivalent: routing rules do not move with the VIPs; add them from notify-master and remove them from notify-backup"),
        ["SSL"] = R("no equivalent: https checks do not present a client certificate"),
    };
}
