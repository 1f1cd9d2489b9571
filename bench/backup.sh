#!/usr/bin/env bash
# Backup and restore of a generated mailbox of at least 1 GiB, timed phase by phase: one Debian 12
# sandbox (mailpush sandbox up) with [backup] to a path on the host. Results: bench/RESULTS-backup.md.
#
#   bench/backup.sh [--mib N] [--out FILE]
#
#   --mib   size of the generated mailbox in MiB (default 1100), as 100 KiB messages of random text
#           (incompressible, like attachments), 2 % of them flagged
#   --out   results file (default bench/RESULTS-backup.md)
#
# Phases: first deploy with [backup]; the first (full) backup; 200 new messages (20 MiB) and an
# incremental backup; a backup with nothing new; the mailbox deleted (the loss) and a restore; a
# second restore (must add nothing). Counts come from Dovecot (doveadm search), before and after.
# Needs a running Docker engine and the mailpush-target:bookworm image (test-images/build.sh bookworm).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cmdline=$(echo "bench/backup.sh $*" | sed "s/ *$//")
mib=1100
out=bench/RESULTS-backup.md
while [ $# -gt 0 ]; do
  case $1 in
    --mib) mib=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bench/backup.sh [--mib N] [--out FILE]" >&2; exit 2 ;;
  esac
done
name=bench-backup
dir=$root/.sandbox/$name
container=mailpush-sandbox-$name
bin/mailpush sandbox down "$name" >/dev/null 2>&1 || true
trap 'bin/mailpush sandbox down "$name" >/dev/null 2>&1 || true' EXIT
bin/mailpush sandbox up "$name" --dir "$dir" >/dev/null
inv=$dir/inventory.toml
(umask 077 && head -c 32 /dev/urandom | base64 >"$dir/backup-password")
hash=$(printf '%s\n' "bench-alice-$RANDOM$RANDOM" | bin/mailpush hash-password)
cat >>"$inv" <<TOML

[mail.users.alice]
password_hash = "$hash"

[backup]
repository = "/srv/backup/mail"
password_file = "backup-password"
schedule = "off"
TOML

declare -a rows
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
timed deploy bin/mailpush deploy "$inv"; rows+=("| first deploy with [backup] | $secs s | |")
messages=$((mib * 1024 / 100))
start=$(date +%s%N)
generate "$messages" 0
gen=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
size=$(on_host du -sm /home/alice/Maildir | cut -f1)
have=$(count)
echo "generated $have messages, $size MiB in $gen s"
rows+=("| (generated: $have messages, $size MiB on disk) | $gen s | not mailpush |")
timed full bin/mailpush backup "$inv"; rows+=("| first backup (full) | $secs s | $(grep -o 'snapshot [^ ]*: .*' "$dir/full.log" | head -1) |")
generate 200 "$messages"
timed incremental bin/mailpush backup "$inv"; rows+=("| backup after 200 new messages | $secs s | $(grep -o 'snapshot [^ ]*: .*' "$dir/incremental.log" | head -1) |")
timed unchanged bin/mailpush backup "$inv"; rows+=("| backup with nothing new | $secs s | $(grep -o 'snapshot [^ ]*: .*' "$dir/unchanged.log" | head -1) |")
before=$(count)
repo=$(on_host du -sm /srv/backup/mail | cut -f1)
on_host rm -rf /home/alice/Maildir
lost=$(count)
timed restore bin/mailpush restore "$inv" --limit "$name"; after=$(count)
rows+=("| restore onto the emptied mailbox | $secs s | $before messages before the loss, $lost after it, $after after the restore |")
timed again bin/mailpush restore "$inv" --limit "$name"; again=$(count)
rows+=("| second restore | $secs s | $again messages, $(grep -o '[0-9]* restored' "$dir/again.log" | head -1) |")
[ "$after" = "$before" ] && [ "$again" = "$before" ] || { echo "counts differ: $before $after $again"; exit 1; }

{
  echo "# Backup and restore of a mailbox of $size MiB"
  echo
  echo "Made by \`$cmdline\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo); Docker, one Debian 12 sandbox: restic $(on_host restic version | cut -d' ' -f2), the repository on the host's own disk, $repo MiB after three backups)."
  echo
  echo "| phase | time | result |"
  echo "|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$out"
cat "$out"
