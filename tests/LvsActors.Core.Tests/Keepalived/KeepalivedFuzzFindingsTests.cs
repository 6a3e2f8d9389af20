using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>What <see cref="KeepalivedFuzzTests"/> found, kept as plain cases: each threw before it was fixed.</summary>
public sealed class KeepalivedFuzzFindingsTests
{
    [Fact]
    public void An_empty_quoted_keyword_is_reported_not_indexed()
    {
        // IndexOutOfRangeException in ImportContext.NotMapped (seed 62PUP1DFfxM1).
        var import = KeepalivedImporter.Import("\"\" 1\n", "k.conf");
        Assert.Null(import.SyntaxError);
        Assert.Equal("k.conf:1: \"\": an empty keyword (\"\") means nothing to keepalived in the top level; not carried over", Assert.Single(import.Reports).ToString());
    }

    [Fact]
    public void A_block_with_an_empty_keyword_is_named_in_the_syntax_error()
    {
        // file:line: : unbalanced '{' (seed bsVdkxZj83X1): the keyword part of the message was empty.
        var import = KeepalivedImporter.Import("\"\" {\n", "k.conf");
        Assert.Equal("k.conf:1: \"\": unbalanced '{': this block is never closed", import.SyntaxError?.ToString());
    }

    [Fact]
    public void An_sni_name_without_a_name_is_reported_not_dereferenced()
    {
        // NullReferenceException in CheckerMapper.MapSni (seed 30xhLAsL-zb1).
        const string text = "virtual_server 192.0.2.1 443 {\n  protocol TCP\n  real_server 198.51.100.1 443 {\n    SSL_GET {\n      url {\n        path /\n      }\n      sni_name\n    }\n  }\n}\n";
        var import = KeepalivedImporter.Import(text, "k.conf");
        Assert.Null(import.SyntaxError);
        Assert.Contains(import.Reports, r => r.ToString() == "k.conf:8: sni_name: sni_name without a name; keepalived ignores it, and so did the import");
    }

    [Fact]
    public void Sync_groups_without_any_instance_are_noted_not_indexed()
    {
        // ArgumentOutOfRangeException in KeepalivedImporter.MapTopLevel (seed 69U9uOCLZAM2): a second sync group's note
        // named the first vrrp_instance, and there was none.
        const string text = "vrrp_sync_group A {\n  group {\n    VI_1\n  }\n}\nvrrp_sync_group B {\n  group {\n    VI_2\n  }\n}\n";
        var import = KeepalivedImporter.Import(text, "k.conf");
        Assert.Null(import.SyntaxError);
        Assert.Equal(2, import.Reports.Count(r => r.ToString().Contains("a sync group without any vrrp_instance in the file moves nothing")));
    }
}
