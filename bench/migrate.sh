#!/usr/bin/env bash
# `mailpush migrate` of a generated mailbox of at least 1 GiB, timed: two sandboxes (Debian 12 as
# the old server, Debian 13 as the new one, mailpush sandbox up), the old one deployed and filled.
# Results: bench/RESULTS-migrate.md.
#
#   bench/migrate.sh [--mib N] [--out FILE]
#
#   --mib   size of the generated mailbox in MiB (default 1100, 100 KiB messages; bench/lib.sh)
#   --out   results file (default bench/RESULTS-migrate.md)
#
# Phases: deploy of the old server; migrate (deploys the new one, then the copy, freeze, queue, final
# sync; each sync's time is in its line); 200 new messages on the old server's disk and migrate
# again (incremental). Counts come from Dovecot on both hosts.
# Needs a running Docker engine and the mailpush-target:bookworm and :trixie images.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
cmdline=$(echo "bench/migrate.sh $*" | sed "s/ *$//")
mib=1100
out=bench/RESULTS-migrate.md
while [ $# -gt 0 ]; do
  case $1 in
    --mib) mib=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bench/migrate.sh [--mib N] [--out FILE]" >&2; exit 2 ;;
  esac
done
dir=$root/.sandbox/bench-migrate
rm -rf "$dir"
mkdir -p "$dir"
down() { for n in mig-old mig-new; do bin/mailpush sandbox down "$n" >/dev/null 2>&1 || true; done; }
down
trap down EXIT
bin/mailpush sandbox up mig-old --dir "$dir/old" >/dev/null
bin/mailpush sandbox up mig-new --dir "$dir/new" --suite trixie >/dev/null
# One inventory with both hosts: the sandboxes' own host blocks, with absolute key paths and a name each.
host_block() { # sandbox-dir hostname
  awk '/^\[hosts\./ { p = 1 } p' "$1/inventory.toml" |
    sed -e "s|\"id_ed25519\"|\"$1/id_ed25519\"|" -e "s|\"known_hosts\"|\"$1/known_hosts\"|" \
      -e "s|^hostname = .*|hostname = \"$2\"|"
}
inv=$dir/inventory.toml
{
  awk '/^\[hosts\./ { exit } { print }' "$dir/old/inventory.toml" |
    sed -e "s|\"id_ed25519\"|\"$dir/old/id_ed25519\"|" -e "s|\"known_hosts\"|\"$dir/old/known_hosts\"|"
  printf '[mail.users.alice]\npassword_hash = "%s"\n\n' \
    "$(printf '%s\n' "bench-alice-$RANDOM$RANDOM" | bin/mailpush hash-password)"
  host_block "$dir/old" mx1.sandbox.test
  echo
  host_block "$dir/new" mx2.sandbox.test
} >"$inv"

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
declare -a rows
container=mailpush-sandbox-mig-old
timed deploy-old bin/mailpush deploy "$inv" --limit mig-old; rows+=("| deploy of the old server (Debian 12) | $secs s | |")
messages=$((mib * 1024 / 100))
generate "$messages" 0
size=$(on_host du -sm /home/alice/Maildir | cut -f1)
old_count=$(count)
rows+=("| (generated on the old server: $old_count messages, $size MiB) | | not mailpush |")
timed migrate bin/mailpush migrate "$inv" --from mig-old --to mig-new
sync=$(grep -o '\(final \)\?sync alice .*' "$dir/migrate.log" | sed 's/  */ /g' | paste -sd ";" - | sed "s/;/; /g")
container=mailpush-sandbox-mig-new
new_count=$(count)
rows+=("| migrate, first run (deploys Debian 13 too) | $secs s | $sync |")
container=mailpush-sandbox-mig-old
generate 200 "$messages"
old_again=$(count)
timed again bin/mailpush migrate "$inv" --from mig-old --to mig-new
sync=$(grep -o '\(final \)\?sync alice .*' "$dir/again.log" | sed 's/  */ /g' | paste -sd ";" - | sed "s/;/; /g")
container=mailpush-sandbox-mig-new
new_again=$(count)
rows+=("| migrate again after 200 new messages on the old server | $secs s | $sync |")
[ "$new_count" = "$old_count" ] && [ "$new_again" = "$old_again" ] || { echo "counts differ: $old_count $new_count $old_again $new_again"; exit 1; }
{
  echo "# mailpush migrate of a mailbox of $size MiB, Debian 12 to Debian 13"
  echo
  echo "Made by \`$cmdline\` on $(date -u +%Y-%m-%d) ($(nproc) cores; both sandboxes on this machine, the dsync stream relayed through mailpush's two SSH sessions). Counts: $old_count messages on the old server, $new_count on the new one after the first run; $old_again and $new_again after the second."
  echo
  echo "| phase | time | detail |"
  echo "|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$out"
cat "$out"
