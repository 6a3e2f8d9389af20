#!/usr/bin/env bash
# Prints a bash completion for lvsactors: its commands and each command's options, read from the command-line help.
# Usage: completion.sh PATH-TO-LVSACTORS
set -euo pipefail
bin=$1
options() { awk '/^Options:/ {on=1; next} on && /^  -/ {for (i = 1; i <= NF; i++) if ($i ~ /^-/) { sub(",", "", $i); if ($i != "-?") printf "%s ", $i } else break}' ; }
commands=$("$bin" --help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}')
echo "# bash completion for lvsactors, generated from its --help by deploy/package/completion.sh"
echo "_lvsactors() {"
echo '    local cur=${COMP_WORDS[COMP_CWORD]} command=${COMP_WORDS[1]:-} words'
echo '    if [ "$COMP_CWORD" -eq 1 ]; then'
echo "        words=\"$(echo $commands) $("$bin" --help | options)\""
echo '    else'
echo '        case "$command" in'
for c in $commands; do
    echo "            $c) words=\"$("$bin" "$c" --help | options)\" ;;"
done
echo '            *) words="" ;;'
echo '        esac'
echo '    fi'
echo '    if [[ $cur == -* || -z $cur && $COMP_CWORD -eq 1 ]]; then'
echo '        mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")'
echo '    else'
echo '        mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur"; compgen -f -- "$cur")'
echo '    fi'
echo "}"
echo "complete -F _lvsactors lvsactors"
