#!/usr/bin/env bash
# mailpush cost curves: how cost grows with work. One command; results go to
# bench/RESULTS-curves.md (with bench/curves-reading.md, the hand-written reading of the last
# committed run, appended) and the plot to bench/curves.svg.
#
#   bench/curves.sh [--runs 2] [--domains 1,10,100] [--users 5,50,500] [--hosts 1,10,50]
#                   [--only mail|hosts] [--no-corner] [--label TEXT] [--out FILE] [--svg FILE] [--keep]
#
#   --runs     repetitions of every point; medians are reported (default 2)
#   --domains  virtual domain counts, at the first --users count (default 1,10,100)
#   --users    mail user counts, at the first --domains count (default 5,50,500)
#   --hosts    target counts for the controller's CPU and memory (default 1,10,50)
#   --only     one part only: mail (one host, domains and users) or hosts (default: both)
#   --no-corner  skip the last point of the domain chain (most domains with most users)
#   --keep     keep the work directory (logs, inventories, raw JSON) after the run
#
# Part mail, per run, on two fresh targets (one at a time, never in parallel):
#   domain chain: mail deploy of D1 domains and U1 users on a fresh host, then a no-op re-run; then
#     each larger domain count as an incremental deploy on the same host, each followed by a no-op;
#     then (unless --no-corner) the most users on top of the most domains.
#   user chain: the same from D1/U1 on another fresh host, growing the users.
# Inventories are generated: domains dN.test, users userN (all with one precomputed SHA-512-crypt
# hash), userI@d((I-1) mod D + 1).test for every user and postmaster@ each domain to user1.
# Part hosts: the generic workload (bench/generic.toml, as bench/run.sh's generic part) once to
# set up, then no-op runs against the first 1 / 10 / 50 of the same targets: wall, CPU, peak RSS.
#
# Each point records wall time, the controller's CPU (user+sys) and peak RSS (/usr/bin/time), and
# mailpush's own per-host exec_count and bytes_sent (--json host events); the JSON is kept for the
# per-task timings. Needs what bench/run.sh needs except Ansible.
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench/.." && pwd)
cmdline=$(printf '%q ' bench/curves.sh "$@" | sed 's/ *$//')

runs=2
domains=1,10,100
users=5,50,500
hosts_list=1,10,50
only=all
corner=1
label=""
out="$bench/RESULTS-curves.md"
svg="$bench/curves.svg"
keep=0
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --domains) domains=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --hosts) hosts_list=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --no-corner) corner=0; shift ;;
    --label) label=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --svg) svg=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1 (see bench/curves.sh --help)" >&2; exit 2 ;;
  esac
done
case "$only" in all|mail|hosts) ;; *) echo "bench: --only mail|hosts" >&2; exit 2 ;; esac
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs must be a positive integer" >&2; exit 2; }
for n in ${domains//,/ } ${users//,/ } ${hosts_list//,/ }; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: counts are positive integers, got $n" >&2; exit 2; }
done
for n in ${hosts_list//,/ }; do ((n <= 100)) || { echo "bench: host counts are 1..100, got $n" >&2; exit 2; }; done
read -ra dlist <<<"${domains//,/ }"
read -ra ulist <<<"${users//,/ }"

# shellcheck source=bench/lib.sh
. "$bench/lib.sh"
bench_preflight
bench_init
raw="$work/raw.tsv"
printf 'part\tchain\trun\tdomains\tusers\thosts\tphase\tfrom\twall_s\texit\tcpu_s\tmaxrss_kb\tmp_exec_count_per_host\tmp_exec_count_max\tmp_bytes_sent_per_host\tmp_host_ms_max\tsessions_per_host\tconns_per_host\trx_bytes_per_host\ttx_bytes_per_host\tjson\n' >"$raw"
# One hash for every user: hashing is not what is measured (SHA-512-crypt, 5000 rounds).
hash=$(printf 'bench-password\n' | "$root/bin/mailpush" hash-password)

# mail_inventory SET D U > file
mail_inventory() {
  local set=$1 d=$2 u=$3 i
  echo "# Written by bench/curves.sh for targets $set: $d domains, $u users."
  ssh_section
  printf '\n[mail]\nserver_label = "mailpush bench"\nvirtual_domains = ['
  for i in $(seq 1 "$d"); do printf '%s"d%s.test"' "$([ "$i" = 1 ] || echo ', ')" "$i"; done
  printf ']\n\n[mail.virtual_addresses]\n'
  for i in $(seq 1 "$d"); do printf '"postmaster@d%s.test" = "user1"\n' "$i"; done
  for i in $(seq 1 "$u"); do printf '"user%s@d%s.test" = "user%s"\n' "$i" "$(((i - 1) % d + 1))" "$i"; done
  for i in $(seq 1 "$u"); do printf '\n[mail.users.user%s]\npassword_hash = "%s"\n' "$i" "$hash"; done
  printf '\n[tls]\nmode = "self-signed"\n'
  hosts_section "$set"
}

# point PART CHAIN RUN D U N PHASE FROM SET LOG -- CMD...: one measured command, one raw row
point() {
  local part=$1 chain=$2 run=$3 d=$4 u=$5 n=$6 phase=$7 from=$8 set=$9 logf=${10}
  shift 11
  ensure_jar
  counters "$set" "$work/before"
  measure "$logf" "$@"
  counters "$set" "$work/after"
  local dl mp
  dl=$(delta "$work/before" "$work/after")
  mp=$(mp_host_stats "$logf")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$part" "$chain" "$run" "$d" "$u" "$n" \
    "$phase" "$from" "$m_wall" "$m_rc" "$m_cpu" "$m_rss" "$mp" "$dl" "$(basename "$logf")" >>"$raw"
  log "$(printf '%-5s %-6s run %s D=%-3s U=%-3s N=%-2s %-11s %7.2f s  cpu %5.2f s  rss %s KiB  exit %s' \
    "$part" "$chain" "$run" "$d" "$u" "$n" "$phase" "$m_wall" "$m_cpu" "${m_rss:-?}" "$m_rc")"
  if ((m_rc != 0)); then
    log "  (log: $logf; last lines below)"
    tail -n 5 "$logf" "$logf.err" >&2 || true
  fi
  return 0
}

# chain NAME RUN "D U" "D U"...: one fresh target; the first point deployed on it fresh, each next
# one as an incremental deploy from the one before; a no-op after each.
chain() {
  local name=$1 r=$2 set="$1$2" from=fresh d u phase
  shift 2
  start_targets "$set" 1
  for du in "$@"; do
    read -r d u <<<"$du"
    local inv="$work/$set-${d}x$u.toml"
    mail_inventory "$set" "$d" "$u" >"$inv"
    phase=first
    [ "$from" = fresh ] || phase=incremental
    point mail "$name" "$r" "$d" "$u" 1 "$phase" "$from" "$set" "$work/$set-${d}x$u-$phase.json" -- \
      "$root/bin/mailpush" deploy "$inv" --json
    point mail "$name" "$r" "$d" "$u" 1 noop "$d/$u" "$set" "$work/$set-${d}x$u-noop.json" -- \
      "$root/bin/mailpush" deploy "$inv" --json
    from="$d/$u"
  done
  stop_targets "$set"
}

hosts_part() {
  local max=0 n r set=g
  for n in ${hosts_list//,/ }; do ((n > max)) && max=$n; done
  start_targets "$set" "$max"
  for n in ${hosts_list//,/ }; do
    { echo "# Written by bench/curves.sh: the first $n targets of $set."; ssh_section; hosts_section "$set" "$n" generic; } \
      >"$work/$set-$n.toml"
  done
  # Set-up run (untimed for the curve, recorded as "first"): the 40 files on every target.
  point hosts generic 1 0 0 "$max" first fresh "$set" "$work/$set-$max-first.json" -- \
    "$root/bin/mailpush" run "$work/$set-$max.toml" "$bench/generic.toml" --json
  for r in $(seq 1 "$runs"); do
    for n in ${hosts_list//,/ }; do
      point hosts generic "$r" 0 0 "$n" noop "$n hosts" "$set" "$work/$set-$n-noop-$r.json" -- \
        "$root/bin/mailpush" run "$work/$set-$n.toml" "$bench/generic.toml" --json
    done
  done
  stop_targets "$set"
}

started=$(date -u '+%Y-%m-%d %H:%M UTC')
if [ "$only" != hosts ]; then
  dchain=() uchain=()
  for d in "${dlist[@]}"; do dchain+=("$d ${ulist[0]}"); done
  ((corner)) && ((${#ulist[@]} > 1)) && dchain+=("${dlist[-1]} ${ulist[-1]}")
  for u in "${ulist[@]}"; do uchain+=("${dlist[0]} $u"); done
  for r in $(seq 1 "$runs"); do
    chain domains "$r" "${dchain[@]}"
    chain users "$r" "${uchain[@]}"
  done
fi
if [ "$only" != mail ]; then
  hosts_part
fi

{
  echo "command	$cmdline"
  echo "label	$label"
  echo "started	$started"
  echo "finished	$(date -u '+%Y-%m-%d %H:%M UTC')"
  machine_meta
  echo "runs	$runs"
} >"$work/meta.tsv"
python3 "$bench/curves.py" "$work/meta.tsv" "$raw" "$work" "$svg" >"$out.new"
mv "$out.new" "$out"
log "results written to $out and $svg"
