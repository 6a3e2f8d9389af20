#!/usr/bin/env bash
# Prints lvsactors(8) in roff, made from the command-line help: `lvsactors --help` and each command's --help.
# Usage: manpage.sh VERSION PATH-TO-LVSACTORS
set -euo pipefail
version=$1
bin=$2
# Escapes text for roff: backslashes, and a leading . or ' that would start a request.
esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }
commands=$("$bin" --help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}')

cat <<ROFF
.TH LVSACTORS 8 "" "lvsactors $version" "System Administration"
.SH NAME
lvsactors \\- Linux Virtual Server director cluster on Akka.NET
.SH SYNOPSIS
.B lvsactors
.I command
.RI [ options ]
.SH DESCRIPTION
lvsactors spreads connections for a virtual IP over real servers with the kernel's IPVS, checks the real servers
and takes the dead ones out, and lets a cluster of directors decide which one owns the VIPs. The service runs
.B lvsactors run /etc/lvsactors/lvsactors.conf
under systemd (lvsactors.service); the other commands check configuration, show and change a running director
through its admin API, and read or write the kernel's IPVS table.
.PP
The text below is the program's own help, command by command.
.SH GLOBAL HELP
.nf
ROFF
"$bin" --help | esc
echo ".fi"
echo ".SH COMMANDS"
for c in $commands; do
    echo ".SS $c"
    echo ".nf"
    "$bin" "$c" --help | esc
    echo ".fi"
done
cat <<'ROFF'
.SH FILES
.TP
.I /etc/lvsactors/lvsactors.conf
The director's configuration (HOCON); check it with \fBlvsactors validate\fR.
.TP
.I /var/lib/lvsactors/admin.db
The admin journal: drains, weight overrides, maintenance and runtime real servers.
.SH EXIT STATUS
0 success; 1 failure (a data plane or API that cannot be reached); 2 invalid configuration or arguments.
.SH SEE ALSO
.BR ipvsadm (8),
.BR keepalived (8),
.BR systemctl (1);
/usr/share/doc/lvsactors/README.md; the status page at http://127.0.0.1:9180/ of a running director.
ROFF
