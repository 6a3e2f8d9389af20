using System.Net.Sockets;
using System.Text;
using LvsActors.Files;
using LvsActors.Tests.Configuration;

namespace LvsActors.Tests.Files;

/// <summary>
/// The one reader of configuration files: regular files are read whole, everything else is refused by kind without
/// waiting on it or reading it without end, and two names of one file have one identity.
/// </summary>
public sealed class RegularFileTests : IDisposable
{
    private const long Limit = 1024;
    private readonly TempConfigFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static RegularFileResult.Content Content(string path, long maxBytes = Limit)
    {
        var result = RegularFile.Read(path, maxBytes);
        return Assert.IsType<RegularFileResult.Content>(result);
    }

    private static FileKind Refused(string path) => Assert.IsType<RegularFileResult.NotRegular>(RegularFile.Read(path, Limit)).Kind;

    [Fact]
    public void A_regular_file_is_read_as_utf8_without_its_byte_order_mark()
    {
        var path = folder.File("a.conf");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("lvs { name = \"é\" }\n")]);
        var content = Content(path);
        Assert.Equal("lvs { name = \"é\" }\n", content.Text);
        Assert.NotNull(content.Identity);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_become_replacement_characters_not_an_exception()
    {
        var path = folder.File("latin1.conf");
        File.WriteAllBytes(path, [(byte)'a', 0xE9, (byte)'b']);
        Assert.Equal("a\uFFFDb", Content(path).Text);
    }

    [Fact]
    public void A_file_at_the_limit_is_read_and_one_byte_more_is_too_large()
    {
        Assert.Equal((int)Limit, Content(folder.Write("at.conf", new string('#', (int)Limit))).Text.Length);
        Assert.Equal(new RegularFileResult.TooLarge(Limit), RegularFile.Read(folder.Write("over.conf", new string('#', (int)Limit + 1)), Limit));
    }

    [Fact]
    public void A_file_whose_size_says_zero_is_still_read_and_still_limited()
    {
        // Files in /proc report size 0 and hold more: the limit must hold on what is read, not on what statx says.
        Assert.Contains("Name:", Content("/proc/self/status", 1 << 20).Text);
        Assert.Equal(new RegularFileResult.TooLarge(8), RegularFile.Read("/proc/self/status", 8));
    }

    [Fact]
    public void A_fifo_is_refused_without_waiting_for_a_writer()
    {
        TempConfigFolder.Run("mkfifo", folder.File("pipe"));
        Assert.Equal(FileKind.Fifo, Refused(folder.File("pipe")));
    }

    [Fact]
    public void A_directory_is_refused()
    {
        Assert.Equal(FileKind.Directory, Refused(folder.Path));
        Assert.Equal(FileKind.Directory, Refused("/tmp/"));
    }

    [Fact]
    public void Devices_are_refused_also_behind_a_symbolic_link()
    {
        Assert.Equal(FileKind.CharacterDevice, Refused("/dev/zero"));
        Assert.Equal(FileKind.CharacterDevice, Refused("/dev/null"));
        File.CreateSymbolicLink(folder.File("zero.conf"), "/dev/zero");
        Assert.Equal(FileKind.CharacterDevice, Refused(folder.File("zero.conf")));
    }

    [Fact]
    public void A_socket_is_refused()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(folder.File("control.sock")));
        Assert.Equal(FileKind.Socket, Refused(folder.File("control.sock")));
    }

    [Fact]
    public void Nothing_at_the_path_is_missing_also_under_a_file_that_is_no_directory()
    {
        Assert.Same(RegularFileResult.Missing.Instance, RegularFile.Read(folder.File("none.conf"), Limit));
        var file = folder.Write("file.conf", "x = 1\n");
        Assert.Same(RegularFileResult.Missing.Instance, RegularFile.Read(Path.Combine(file, "x.conf"), Limit));
    }

    [Fact]
    public void A_symbolic_link_loop_is_unreadable_with_the_reason_of_the_system()
    {
        File.CreateSymbolicLink(folder.File("loop1"), folder.File("loop2"));
        File.CreateSymbolicLink(folder.File("loop2"), folder.File("loop1"));
        var unreadable = Assert.IsType<RegularFileResult.Unreadable>(RegularFile.Read(folder.File("loop1"), Limit));
        Assert.Equal(FileStep.Open, unreadable.Step);
        Assert.Contains("symbolic links", unreadable.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Two_spellings_of_one_file_have_one_identity_and_another_file_another()
    {
        Directory.CreateDirectory(folder.File("conf.d"));
        var path = folder.Write("conf.d/a.conf", "x = 1\n");
        File.CreateSymbolicLink(folder.File("link.conf"), path);
        File.WriteAllText(folder.File("b.conf"), "x = 1\n");
        var identity = Content(path).Identity;
        Assert.Equal(identity, Content(folder.File("conf.d/../conf.d/./a.conf")).Identity);
        Assert.Equal(identity, Content(folder.File("link.conf")).Identity);
        Assert.NotEqual(identity, Content(folder.File("b.conf")).Identity);
    }

    [Fact]
    public void The_identity_is_the_device_and_inode_stat_reports()
    {
        var path = folder.Write("a.conf", "x = 1\n");
        var identity = Content(path).Identity!.Value;
        var (device, inode) = Stat(path);
        Assert.Equal(inode, identity.Inode);
        Assert.Equal(device, MakeDevice(identity.DeviceMajor, identity.DeviceMinor));
        Assert.Equal($"{identity.DeviceMajor}:{identity.DeviceMinor}:{identity.Inode}", identity.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b.conf")]
    public void A_name_no_file_can_have_is_a_programming_error(string path)
    {
        Assert.Throws<ArgumentException>(() => RegularFile.Read(path, Limit));
    }

    /// <summary>st_dev and st_ino as stat(1) prints them, to check the statx offsets against another reader.</summary>
    private static (ulong Device, ulong Inode) Stat(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-L", "-c", "%D %i", path]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("stat did not start");
        var output = process.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && output.Length == 2, $"stat -c '%D %i' {path} failed ({process.ExitCode})");
        return (Convert.ToUInt64(output[0], 16), ulong.Parse(output[1]));
    }

    // glibc's makedev(3).
    private static ulong MakeDevice(ulong major, ulong minor) =>
        ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff);
}
