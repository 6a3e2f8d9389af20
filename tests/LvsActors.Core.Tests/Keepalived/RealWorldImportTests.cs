using LvsActors.Configuration;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// Issue 21, one case per finding on real keepalived.conf files: each is handled as keepalived 2.2's own code programs
/// it, or reported as a loss; mechanics without meaning here are notes, which leave the import complete.
/// </summary>
public sealed class RealWorldImportTests
{
    private const string RealServer = "  real_server 198.51.100.1 80 {\n  }\n";

    private static KeepalivedImport Import(string text, ProgramFinder? finder = null) =>
        KeepalivedImporter.Import(text, "k.conf", null, finder ?? (name => name == "sleep" ? "/usr/bin/sleep" : null));

    private static void AssertValid(KeepalivedImport import)
    {
        Assert.Null(import.SyntaxError);
        var result = LvsConfigLoader.Load(import.Hocon!, "imported.conf");
        Assert.True(result.IsValid, string.Join('\n', result.Errors) + "\n" + import.Hocon);
    }

    [Fact]
    public void Item1_a_virtual_server_line_with_more_words_is_the_service_of_its_first_two()
    {
        var import = Import("virtual_server 192.168.100.100 53 dev eth0.53 {\n  protocol UDP\n" + RealServer + "}\n");
        Assert.Contains("address = \"192.168.100.100:53\"", import.Hocon);
        var note = Assert.Single(import.Reports);
        Assert.Equal(ReportKind.Note, note.Kind);
        Assert.Contains("ignores \"dev eth0.53\"", note.Reason);
        Assert.True(import.IsComplete);
        AssertValid(import);
    }

    [Fact]
    public void Item2_a_sync_groups_notify_programs_become_the_clusters()
    {
        var import = Import("vrrp_sync_group G {\n  group {\n    VI_1\n  }\n  notify_master \"/usr/local/bin/n master\"\n  notify_backup /usr/local/bin/b\n  notify_fault /usr/local/bin/f\n}\n" +
            "vrrp_instance VI_1 {\n  priority 100\n  virtual_ipaddress {\n    192.0.2.1/24 dev eth0\n  }\n}\n");
        Assert.Contains("notify-master = [\"/usr/local/bin/n\", master]", import.Hocon);
        Assert.Contains("notify-backup = [\"/usr/local/bin/b\"]", import.Hocon);
        Assert.Contains("notify-fault = [\"/usr/local/bin/f\"]", import.Hocon);
        Assert.Empty(import.Reports);
        AssertValid(import);
    }

    [Fact]
    public void Item2_an_instance_and_its_group_both_notifying_is_a_loss_since_one_program_runs()
    {
        var import = Import("vrrp_sync_group G {\n  group {\n    VI_1\n  }\n  notify_master /usr/local/bin/group\n}\n" +
            "vrrp_instance VI_1 {\n  notify_master /usr/local/bin/instance\n  virtual_ipaddress {\n    192.0.2.1/24 dev eth0\n  }\n}\n");
        var loss = Assert.Single(import.Losses);
        Assert.Equal("k.conf:5: notify_master: lvsactors runs one notify-master program and one is already imported; keepalived would run this one too: combine them in one script", loss.ToString());
    }

    [Fact]
    public void Item3_an_include_matching_nothing_is_a_loss_not_silence()
    {
        var import = KeepalivedImporter.Import("include /etc/keepalived/conf.d/*.conf\n", "k.conf", (_, _) => []);
        var loss = Assert.Single(import.Losses);
        Assert.StartsWith("k.conf:1: include: /etc/keepalived/conf.d/*.conf matches no file here", loss.ToString(), StringComparison.Ordinal);
        Assert.False(import.IsComplete);
    }

    [Fact]
    public void Item4_parameters_are_expanded_as_keepalived_does()
    {
        var import = Import("$VIP=192.0.2.10\n$PORT = 443\n$CHECK=TCP_CHECK { \\\n  connect_timeout 2 \\\n}\n" +
            "virtual_server $VIP ${PORT} {\n  protocol TCP\n  real_server 198.51.100.1 ${PORT} {\n    $CHECK\n  }\n}\n");
        Assert.Contains("address = \"192.0.2.10:443\"", import.Hocon);
        Assert.Contains("type = tcp", import.Hocon);
        Assert.Contains("connect-timeout = 2s", import.Hocon);
        Assert.Empty(import.Reports);
        AssertValid(import);
    }

    [Fact]
    public void Item4_a_parameter_without_definition_stays_as_written_and_is_a_loss()
    {
        var import = Import("$OTHER=x\nvirtual_server 192.0.2.10 443 {\n  protocol TCP\n  real_server 198.51.100.1 443 {\n    $HEALTHCHECK\n  }\n}\n");
        Assert.Equal("k.conf:5: $HEALTHCHECK", string.Join('\n', import.Losses.Select(l => l.ToString()[..l.ToString().IndexOf(": a parameter", StringComparison.Ordinal)])));
    }

    [Fact]
    public void Item4_a_name_followed_by_other_text_is_no_reference_and_a_multiline_one_only_ends_a_line()
    {
        var parsed = KeepalivedParser.Parse("$A=1\n$M=x \\\ny\nk $Ab ${A}b $M z\nl $M\n", "k.conf");
        Assert.Equal(["k $Ab 1b $M z", "l x", "y"], parsed.Select(n => string.Join(' ', [n.Keyword, .. n.Arguments])));
    }

    [Fact]
    public void Item4_standard_parameters_pwd_hash_and_bang()
    {
        var parsed = KeepalivedParser.Parse("k ${_PWD} \"${_HASH}${_BANG}\"\n", "/etc/keepalived/k.conf");
        Assert.Equal(["/etc/keepalived", "#!"], Assert.Single(parsed).Arguments);
    }

    [Fact]
    public void Item4_a_definition_that_uses_itself_stops_with_a_syntax_error()
    {
        var import = Import("$A=x $A\nk $A\n");
        Assert.StartsWith("k.conf:2: k: parameter $A expands without end", import.SyntaxError?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Item4_a_braced_parameter_without_definition_is_a_syntax_error_that_names_it()
    {
        var import = Import("virtual_server ${VIP} 80 {\n  protocol TCP\n" + RealServer + "}\n");
        Assert.Equal("k.conf:1: virtual_server: ${VIP} names no parameter defined before this line ($VIP=value); keepalived would read its braces as a block", import.SyntaxError?.ToString());
    }

    [Fact]
    public void Item4_parameters_expanding_past_the_total_limit_stop_with_a_syntax_error()
    {
        // 2,000 lines, each 1,000 substitutions of 16 characters: 32 MB of text from a 40 KB file.
        var text = "$A=0123456789abcdef\n" + string.Concat(Enumerable.Repeat(string.Concat(Enumerable.Repeat("$A ", 1000)) + "\n", 2000));
        var import = Import(text);
        Assert.Contains("parameters expand to more than 16 MiB in all", import.SyntaxError?.ToString());
    }

    [Fact]
    public void Item5_tracks_become_the_clusters_and_a_weighted_or_second_script_is_a_loss()
    {
        var import = Import("vrrp_script a {\n  script \"/usr/local/bin/a x\"\n}\nvrrp_script b {\n  script /usr/local/bin/b\n  weight -10\n}\nvrrp_script unused {\n  script /bin/true\n}\n" +
            "vrrp_instance VI_1 {\n  track_interface {\n    eth0\n    eth1 weight 5\n  }\n  track_script {\n    a\n    b\n  }\n  virtual_ipaddress {\n    192.0.2.1/24 dev eth0\n  }\n}\n");
        Assert.Contains("track-interfaces = [eth0, eth1]", import.Hocon);
        Assert.Contains("track-script = [\"/usr/local/bin/a\", x]", import.Hocon);
        Assert.Equal(["k.conf:14: eth1: weight 5:", "k.conf:18: b: lvsactors tracks one script"],
            import.Losses.Select(l => $"{l.Position}: {l.Keyword}: {string.Join(' ', l.Reason.Split(' ').Take(l.Reason.StartsWith("weight", StringComparison.Ordinal) ? 2 : 4))}"));
        Assert.Contains(import.Notes, n => n.Keyword == "vrrp_script" && n.Reason.Contains("unused", StringComparison.Ordinal));
        AssertValid(import);
    }

    [Fact]
    public void Item6_lvs_sync_daemon_interface_in_an_instance_is_the_sync_daemon()
    {
        var import = Import("vrrp_instance VI_1 {\n  virtual_router_id 51\n  lvs_sync_daemon_interface eth1\n  virtual_ipaddress {\n    192.0.2.1/24 dev eth0\n  }\n}\n");
        Assert.Contains("sync-daemon {\n      interface = eth1\n      sync-id = 51", import.Hocon);
        Assert.True(import.IsComplete, string.Join('\n', import.Reports));
        AssertValid(import);
    }

    [Theory]
    [InlineData("process_priority -5\n", "nice = -5")]
    [InlineData("vrrp_priority -10\n", "nice = -10")]
    [InlineData("process_priority -5\n  vrrp_priority -15\n", "nice = -15")]
    [InlineData("vrrp_priority -15\n  process_priority -5\n", "nice = -15")]
    [InlineData("vrrp_rt_priority 50\n", "realtime-priority = 50")]
    [InlineData("checker_rt_priority 20\n  vrrp_rt_priority 50\n", "realtime-priority = 50")]
    [InlineData("vrrp_rt_priority 50\n  checker_rt_priority 20\n", "realtime-priority = 50")]
    [InlineData("process_priority -5\n  checker_rt_priority 1\n", "nice = -5")]
    public void Priorities_become_the_directors_nice_value_and_realtime_priority(string lines, string expected)
    {
        var import = Import("global_defs {\n  " + lines + "}\nvirtual_server 192.0.2.1 80 {\n  protocol TCP\n" + RealServer + "}\n");
        Assert.Contains(expected, import.Hocon);
        Assert.True(import.IsComplete, string.Join('\n', import.Reports));
        AssertValid(import);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("high")]
    public void A_realtime_priority_outside_1_to_99_is_reported_and_left_out(string value)
    {
        var import = Import($"global_defs {{\n  vrrp_rt_priority {value}\n}}\nvirtual_server 192.0.2.1 80 {{\n  protocol TCP\n" + RealServer + "}\n");
        Assert.DoesNotContain("realtime-priority", import.Hocon);
        Assert.Contains(import.Losses, l => l.Keyword == "vrrp_rt_priority" && l.Reason.StartsWith($"{value} is not a real-time priority", StringComparison.Ordinal));
        AssertValid(import);
    }

    [Fact]
    public void A_priority_that_is_no_nice_value_is_reported_and_left_out()
    {
        var import = Import("global_defs {\n  vrrp_priority -40\n}\nvirtual_server 192.0.2.1 80 {\n  protocol TCP\n" + RealServer + "}\n");
        Assert.DoesNotContain("nice", import.Hocon);
        Assert.Contains(import.Losses, l => l.Keyword == "vrrp_priority" && l.Reason.StartsWith("-40 is not a nice value", StringComparison.Ordinal));
        AssertValid(import);
    }

    [Theory]
    [InlineData("persistence_timeout 0\n", null)]
    [InlineData("persistence_granularity 255.255.255.0\n  persistence_timeout 0\n", "360s")]
    [InlineData("persistence_timeout 2678401\n", null)]
    public void Item7_a_persistence_timeout_keepalived_refuses_leaves_persistence_as_it_was(string lines, string? expected)
    {
        var import = Import("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  " + lines + RealServer + "}\n");
        Assert.Equal(expected is not null, import.Hocon!.Contains($"persistence-timeout = {expected}", StringComparison.Ordinal));
        Assert.Equal(ReportKind.Note, Assert.Single(import.Reports, r => r.Keyword == "persistence_timeout").Kind);
        Assert.True(import.IsComplete);
        AssertValid(import);
    }

    [Fact]
    public void Item8_an_address_service_without_protocol_is_udp_a_fwmark_one_has_none()
    {
        var import = Import("virtual_server 192.0.2.1 80 {\n" + RealServer + "}\nvirtual_server fwmark 7 {\n" + RealServer + "}\n");
        Assert.Contains("vs-192-0-2-1-80-udp {", import.Hocon);
        Assert.Contains("protocol = udp", import.Hocon);
        Assert.Equal(1, import.Hocon!.Split("protocol =").Length - 1);
        Assert.True(import.IsComplete);
        AssertValid(import);
    }

    [Fact]
    public void Item9_a_misc_program_without_directory_is_found_on_path()
    {
        var import = Import("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 198.51.100.1 80 {\n    MISC_CHECK {\n      misc_path \"sleep 3\"\n    }\n  }\n}\n");
        Assert.Contains("command = [\"/usr/bin/sleep\", \"3\"]", import.Hocon);
        Assert.True(import.IsComplete, string.Join('\n', import.Reports));
        AssertValid(import);
    }

    [Fact]
    public void Item9_a_program_not_on_path_is_a_loss_that_says_so_and_the_output_does_not_pass_for_valid()
    {
        var import = Import("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 198.51.100.1 80 {\n    MISC_CHECK {\n      misc_path \"amphora-health-checker http\"\n    }\n  }\n}\n");
        Assert.Contains(import.Losses, l => l.ToString().StartsWith("k.conf:5: misc_path: \"amphora-health-checker\" is not on this machine's PATH", StringComparison.Ordinal));
        Assert.False(LvsConfigLoader.Load(import.Hocon!, "imported.conf").IsValid);
        Assert.False(import.IsComplete);
    }

    [Fact]
    public void Item9_the_default_finder_reads_path()
    {
        var import = KeepalivedImporter.Import("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  quorum_up \"sh -c true\"\n" + RealServer + "}\n", "k.conf");
        Assert.Matches("quorum-up = \\[\"/[^\"]*/sh\", \"-c\", \"true\"\\]", import.Hocon);
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData("      connect_ip 198.51.100.9\n", 3)]
    public void Item10_smtp_check_host_blocks_are_one_check_each(string own, int checks)
    {
        var import = Import("virtual_server 192.0.2.1 25 {\n  protocol TCP\n  real_server 198.51.100.1 25 {\n    SMTP_CHECK {\n" + own +
            "      helo_name lb\n      host {\n        connect_ip 198.51.100.2\n      }\n      host {\n        connect_ip 198.51.100.3\n        connect_port 587\n      }\n    }\n  }\n}\n");
        Assert.Equal(checks, import.Hocon!.Split("type = smtp").Length - 1);
        Assert.Equal(checks, import.Hocon.Split("helo-name = lb").Length - 1);
        Assert.Contains("connect-address = \"198.51.100.3\"\n              connect-port = 587", import.Hocon);
        Assert.Empty(import.Reports);
        AssertValid(import);
    }

    [Fact]
    public void Item11_the_vips_of_every_instance_of_the_first_ones_sync_group_move_with_it_others_are_a_loss()
    {
        var import = Import("vrrp_sync_group G {\n  group {\n    VI_1 VI_2\n  }\n}\n" +
            "vrrp_instance VI_1 {\n  virtual_ipaddress {\n    192.0.2.1/24 dev eth0\n  }\n}\n" +
            "vrrp_instance VI_2 {\n  virtual_ipaddress {\n    198.51.100.1/24 dev eth1\n  }\n}\n" +
            "vrrp_instance VI_3 {\n  virtual_ipaddress {\n    203.0.113.1/24 dev eth2\n  }\n}\n");
        Assert.Contains("198.51.100.1/24", import.Hocon);
        Assert.DoesNotContain("203.0.113.1/24", import.Hocon);
        Assert.Equal("k.conf:16: vrrp_instance", string.Join('\n', import.Losses.Select(l => $"{l.Position}: {l.Keyword}")));
        AssertValid(import);
    }
}
