#!/usr/bin/env bash
# mailpush benchmark: mailpush against Ansible on the same local Debian 12 targets, and the mail
# playbook's no-op and first deploy. One command; results go to bench/RESULTS.md.
#
#   bench/run.sh [--hosts 1,10,50] [--runs 3] [--only generic|mail] [--mail-hosts 1,10]
#                [--ansible-hosts 1,10] [--label TEXT] [--out FILE] [--keep] [--seed DIR]
#
#   --hosts       target counts for the generic workload (default 1,10,50)
#   --runs        repetitions per tool and count; medians are reported (default 3)
#   --only        run one part only (default: both)
#   --mail-hosts  target counts for the mail playbook (default 1,10)
#   --ansible-hosts  generic counts at which Ansible runs too (default: all of --hosts); at the
#                 others only mailpush runs (its 50-host target is against its own 1-host time)
#   --label       a line written at the top of the results (e.g. "smoke run on a loaded machine")
#   --out         results file (default bench/RESULTS.md)
#   --keep        keep the work directory (logs, inventories, raw JSON) after the run
#   --seed DIR    start from the measurements of an earlier run's kept work directory (to add a
#                 part or a host count to it; the report covers both)
#
# Needs: root or a user allowed to run docker, a running Docker engine (bash .ci/ensure-docker.sh),
# Java 17 + Maven (the jar is built first, untimed), python3, and ansible-core (installed with
# apt-get when missing). Targets are containers of mailpush-bench:bookworm (bench/image.sh builds it
# once) started as mailpush sandbox and the tests start theirs (sandbox/SystemdContainer: systemd,
# SSH published on 127.0.0.1 only; the login user made by its target-user.sh), labelled
# mailpush-bench=1, and removed at the end even on failure or Ctrl-C. Set MAILPUSH_BUILD_DIR to build
# the jar elsewhere.
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench/.." && pwd)
cmdline="bench/run.sh $*"

hosts_list=1,10,50
runs=3
only=all
mail_hosts=1,10
ansible_hosts=""
label=""
out="$bench/RESULTS.md"
keep=0
seed=""
while (($#)); do
  case "$1" in
    --hosts) hosts_list=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --mail-hosts) mail_hosts=$2; shift 2 ;;
    --ansible-hosts) ansible_hosts=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
[ -n "$ansible_hosts" ] || ansible_hosts=$hosts_list
case "$only" in all|generic|mail) ;; *) echo "bench: --only generic|mail" >&2; exit 2 ;; esac
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs must be a positive integer" >&2; exit 2; }
for n in ${hosts_list//,/ } ${mail_hosts//,/ }; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] && ((n <= 100)) || { echo "bench: host counts are 1..100, got $n" >&2; exit 2; }
done

log() { printf 'bench: %s\n' "$*" >&2; }
now() { date +%s.%N; }

# ---------------------------------------------------------------------------------------------
# Preflight (untimed): engine, image, ansible, jar.
# Each systemd container takes inotify instances; the kernel's default (128 per user) stops at about
# 30 containers, so raise it (root only; harmless when already higher).
if [ "$(sysctl -n fs.inotify.max_user_instances 2>/dev/null || echo 0)" -lt 8192 ]; then
  sysctl -q -w fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=1048576 2>/dev/null \
    || echo "bench: could not raise fs.inotify.max_user_instances; many targets may fail to start" >&2
fi
docker info >/dev/null 2>&1 || { echo "bench: no Docker engine (run: bash .ci/ensure-docker.sh)" >&2; exit 1; }
"$bench/image.sh"
image=${BENCH_IMAGE:-mailpush-bench:bookworm}
if ! command -v ansible-playbook >/dev/null; then
  log "installing ansible-core with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible-core >/dev/null
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed (it comes with ansible-core)" >&2; exit 1; }

jar="${MAILPUSH_BUILD_DIR:-$root/target}/mailpush.jar"
jar_note=""
ensure_jar() {
  # bin/mailpush rebuilds when a source is newer than the jar; do that here, outside any timing.
  if "$root/bin/mailpush" --version >/dev/null 2>"$work_build_log"; then
    return 0
  fi
  if [ -f "$jar" ]; then
    # Someone's half-edited source breaks the build: keep measuring the last good jar, and say so
    # (touching it keeps bin/mailpush from trying to rebuild inside a timed run).
    touch "$jar"
    jar_note="the source tree did not compile at some point during the run; the last jar that built ($(date -r "$jar" '+%H:%M:%S') or earlier) was measured"
    log "warning: build failed (see $work_build_log); using the existing $jar"
    return 0
  fi
  cat "$work_build_log" >&2
  exit 1
}
work_build_log=$(mktemp /tmp/mpb-build.XXXXXX)
ensure_jar
mailpush_version="$("$root/bin/mailpush" --version 2>/dev/null | head -1), git $(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo "+uncommitted changes")"

runid="$(date +%H%M%S)$$"
work=$(mktemp -d "/tmp/mpb.XXXXXX")   # short: OpenSSH control sockets live here
raw="$work/raw.tsv"
printf 'part\ttool\tn\trun\tphase\twall_s\texit\tsessions_per_host\tconns_per_host\trx_bytes_per_host\ttx_bytes_per_host\tmp_exec_count_per_host\tmp_exec_count_max\tmp_bytes_sent_per_host\tmp_host_ms_max\tcpu_s\n' >"$raw"
if [ -n "$seed" ]; then
  tail -n +2 "$seed/raw.tsv" >>"$raw"
  cp -n "$seed"/*.json "$seed"/generic-equivalence "$seed"/mail-packages "$work"/ 2>/dev/null || true
fi

cleanup() {
  local rc=$?
  set +e
  for s in "$work"/cp*/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit bench >/dev/null 2>&1; done
  local ids
  ids=$(docker ps -aq --filter "label=mailpush-bench-run=$runid")
  [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  if ((keep)) || ((rc != 0)); then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  rm -f "$work_build_log"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ssh-keygen -q -t ed25519 -N '' -C mailpush-bench -f "$work/id_ed25519"
: >"$work/known_hosts"

# The one definition of a target container, from the jar: docker run's arguments, one a line (start_one
# adds a name and a host name), and the script that makes the login user.
target_args_text=$(java -cp "$jar" dev.mailpush.sandbox.SystemdContainer "$image" --label mailpush-bench=1 \
  --label "mailpush-bench-run=$runid" --publish 22)
mapfile -t target_args <<<"$target_args_text"
user_script=$(cat "$root/src/main/resources/dev/mailpush/sandbox/target-user.sh")

# ---------------------------------------------------------------------------------------------
# Targets: N containers started in parallel with mailpush sandbox's flags and user setup.
# start_targets SET N  -> $work/SET.hosts with "name port container" lines
start_one() {
  local set=$1 i=$2 c="mpb-$runid-$1-$2"
  docker run --name "$c" --hostname "h$i.bench.test" "${target_args[@]}" >/dev/null
  local up=0
  for _ in $(seq 1 240); do
    if docker exec "$c" test -s /etc/ssh/ssh_host_ed25519_key.pub 2>/dev/null \
      && docker exec "$c" systemctl is-active --quiet ssh 2>/dev/null; then up=1; break; fi
    sleep 0.5
  done
  ((up)) || { echo "bench: $c: sshd did not come up" >&2; return 1; }
  local port key
  key=$(docker exec "$c" sh -c "$user_script" sh admin "$(cat "$work/id_ed25519.pub")")
  port=$(docker port "$c" 22/tcp | head -1 | sed 's/.*://')
  echo "h$i $port $c" >"$work/$set.h$i"
  echo "[127.0.0.1]:$port $key" >"$work/$set.kh$i"
}

start_targets() {
  local set=$1 n=$2 i pids=() fail=0
  local t0; t0=$(now)
  # In waves of 10: 50 systemd boots at once on 2 cores make docker exec time out.
  for i in $(seq 1 "$n"); do
    start_one "$set" "$i" & pids+=($!)
    if ((i % 10 == 0)); then
      for p in "${pids[@]}"; do wait "$p" || fail=1; done
      pids=()
    fi
  done
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
  ((fail == 0)) || { echo "bench: starting targets for $set failed" >&2; return 1; }
  : >"$work/$set.hosts"
  for i in $(seq 1 "$n"); do
    cat "$work/$set.h$i" >>"$work/$set.hosts"
    cat "$work/$set.kh$i" >>"$work/known_hosts"
    rm -f "$work/$set.h$i" "$work/$set.kh$i"
  done
  log "$set: $n targets up in $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s"
}

stop_targets() {
  local set=$1
  [ -f "$work/$set.hosts" ] || return 0
  docker rm -f $(awk '{print $3}' "$work/$set.hosts") >/dev/null 2>&1 || true
}

# on_targets SET CMD: runs CMD as root in every container of SET, in parallel (untimed helper)
on_targets() {
  local set=$1 cmd=$2 c pids=()
  for c in $(awk '{print $3}' "$work/$set.hosts"); do docker exec "$c" sh -c "$cmd" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
}

# counters SET FILE: per container, SSH sessions and connections sshd logged so far, and eth0 bytes
counters() {
  local set=$1 file=$2 c pids=()
  : >"$file"
  for c in $(awk '{print $3}' "$work/$set.hosts"); do
    docker exec "$c" sh -c '
      j=$(journalctl -u ssh.service -o cat --no-pager 2>/dev/null)
      s=$(printf "%s\n" "$j" | grep -c "Starting session:")
      a=$(printf "%s\n" "$j" | grep -c "Accepted publickey")
      echo "$s $a $(cat /sys/class/net/eth0/statistics/rx_bytes) $(cat /sys/class/net/eth0/statistics/tx_bytes)"' \
      >"$file.$c" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  for c in $(awk '{print $3}' "$work/$set.hosts"); do echo "$c $(cat "$file.$c")" >>"$file"; rm -f "$file.$c"; done
}

# delta BEFORE AFTER -> "sessions conns rx tx" averaged per host
delta() {
  join <(sort "$1") <(sort "$2") | awk '{s+=$6-$2; a+=$7-$3; r+=$8-$4; t+=$9-$5; n++}
    END {if (n) printf "%.1f\t%.1f\t%d\t%d", s/n, a/n, r/n, t/n; else printf "\t\t\t"}'
}

# mailpush's own per-host figures from --json host events: exec_count avg, max, bytes_sent avg, duration max
mp_host_stats() {
  python3 - "$1" <<'PY'
import json, sys
ex, by, ms = [], [], []
for line in open(sys.argv[1], errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("type") == "host" and e.get("status") != "started":
        ex.append(e.get("exec_count", 0)); by.append(e.get("bytes_sent", 0)); ms.append(e.get("duration_ms", 0))
if ex:
    print(f"{sum(ex)/len(ex):.1f}\t{max(ex)}\t{sum(by)/len(by):.0f}\t{max(ms)}")
else:
    print("\t\t\t")
PY
}

# ---------------------------------------------------------------------------------------------
# Inventories
mailpush_inventory() { # SET KIND(generic|mail) > file
  local set=$1 kind=$2
  cat <<TOML
# Written by bench/run.sh for targets $set.
[ssh]
user = "admin"
identity_file = "$work/id_ed25519"
known_hosts = "$work/known_hosts"
host_key_policy = "strict"
become = "sudo"
TOML
  if [ "$kind" = mail ]; then
    cat <<'TOML'

[mail]
server_label = "mailpush bench"
virtual_domains = ["bench.test"]

[mail.virtual_addresses]
"postmaster@bench.test" = "alice"
"alice@bench.test" = "alice"

[tls]
mode = "self-signed"
TOML
  fi
  while read -r name port _; do
    printf '\n[hosts.%s]\naddress = "127.0.0.1"\nhostname = "%s.bench.test"\n[hosts.%s.ssh]\nport = %s\n' \
      "$name" "$name" "$name" "$port"
    if [ "$kind" = generic ]; then printf '[hosts.%s.vars]\nx = "value-of-%s"\n' "$name" "$name"; fi
  done <"$work/$set.hosts"
}

ansible_setup() { # SET N -> $work/ansible-SET/{ansible.cfg,hosts.ini}
  local set=$1 n=$2 d="$work/ansible-$set"
  mkdir -p "$d" "$work/cp-$set"
  cat >"$d/ansible.cfg" <<CFG
[defaults]
inventory = $d/hosts.ini
forks = $n
host_key_checking = True
interpreter_python = /usr/bin/python3
retry_files_enabled = False
gathering = explicit
nocows = True
[ssh_connection]
pipelining = True
control_path_dir = $work/cp-$set
CFG
  {
    echo "[bench]"
    while read -r name port _; do
      echo "$name ansible_host=127.0.0.1 ansible_port=$port x=value-of-$name"
    done <"$work/$set.hosts"
    echo "[bench:vars]"
    echo "ansible_user=admin"
    echo "ansible_ssh_private_key_file=$work/id_ed25519"
    echo "ansible_ssh_common_args='-o UserKnownHostsFile=$work/known_hosts -o StrictHostKeyChecking=yes'"
  } >"$d/hosts.ini"
}

ansible_close_masters() { # no warm ControlPersist connection carries over into the next timed run
  local set=$1 s
  for s in "$work/cp-$set"/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit bench >/dev/null 2>&1; done
  return 0
}

# timed PART TOOL N RUN PHASE SET LOG -- CMD...: wall clock of CMD, counters around it, one raw row
timed() {
  local part=$1 tool=$2 n=$3 run=$4 phase=$5 set=$6 logf=$7; shift 8
  [ "$tool" = mailpush ] && ensure_jar
  counters "$set" "$work/before"
  local t0 t1 rc=0 cpu
  t0=$(now)
  # bash's `time` adds the CPU seconds (user+sys) of the command and the children it waited for: the
  # controller's work, less distorted than wall time on a busy machine.
  { TIMEFORMAT='%U %S'; time "$@" >"$logf" 2>"$logf.err"; } 2>"$work/cpu" || rc=$?
  t1=$(now)
  cpu=$(awk 'NF==2 {printf "%.2f", $1+$2}' "$work/cpu")
  counters "$set" "$work/after"
  local wall d mp=$'\t\t\t'
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  d=$(delta "$work/before" "$work/after")
  [ "$tool" = mailpush ] && mp=$(mp_host_stats "$logf")
  printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\n' "$part" "$tool" "$n" "$run" "$phase" "$wall" "$rc" "$d" "$mp" "$cpu" >>"$raw"
  log "$(printf '%-8s %-9s N=%-3s run %s %-8s %7.2f s  exit %s' "$part" "$tool" "$n" "$run" "$phase" "$wall" "$rc")"
  if ((rc != 0)); then
    log "  (log: $logf; last lines below)"
    tail -n 5 "$logf" "$logf.err" >&2 || true
  fi
  [ "$tool" = ansible ] && ansible_close_masters "$set"
  return 0
}

# ---------------------------------------------------------------------------------------------
# Generic workload. "First run" = the directory and its 40 files are removed on every target
# (docker exec, untimed) before each first run; packages and services are already in place in
# the image, as in the playbook's steady state, so this is the same as fresh containers.
generic() {
  local n=$1 set="g$1" r tool tools="mailpush"
  [[ ",$ansible_hosts," == *",$n,"* ]] && tools="mailpush ansible"
  start_targets "$set" "$n"
  mailpush_inventory "$set" generic >"$work/$set.toml"
  ansible_setup "$set" "$n"
  for r in $(seq 1 "$runs"); do
    for tool in $tools; do
      on_targets "$set" 'rm -rf /srv/bench'
      if [ "$tool" = mailpush ]; then
        for phase in first noop; do
          timed generic mailpush "$n" "$r" "$phase" "$set" "$work/$set-mp-$r-$phase.json" -- \
            "$root/bin/mailpush" run "$work/$set.toml" "$bench/generic.toml" --json
        done
        if ((r == 1)); then tree "$set" >"$work/tree-mailpush"; fi
      else
        for phase in first noop; do
          timed generic ansible "$n" "$r" "$phase" "$set" "$work/$set-an-$r-$phase.log" -- \
            env ANSIBLE_CONFIG="$work/ansible-$set/ansible.cfg" ansible-playbook "$bench/generic.yml"
        done
        if ((r == 1)); then tree "$set" >"$work/tree-ansible"; fi
      fi
    done
  done
  # Both tools must have produced the same files (compared on the first host, after run 1).
  if [ "$tools" = mailpush ]; then
    :
  elif cmp -s "$work/tree-mailpush" "$work/tree-ansible"; then
    echo "same" >"$work/generic-equivalence"
  else
    diff "$work/tree-mailpush" "$work/tree-ansible" | head -20 >"$work/generic-equivalence" || true
    log "warning: mailpush and Ansible produced different /srv/bench trees (see RESULTS.md)"
  fi
  stop_targets "$set"
}

tree() { # SET: names, modes, owners and contents of /srv/bench on the first host
  docker exec "$(awk 'NR==1{print $3}' "$work/$1.hosts")" \
    sh -c 'cd /srv/bench && stat -c "%n %a %U %G" . * && cat *' 2>&1 || true
}

# ---------------------------------------------------------------------------------------------
# Mail playbook. First deploy on fresh containers against a bare `apt-get update && apt-get
# install` of the same packages (over one SSH command, on other fresh containers of the same
# image), then no-op re-runs of `bin/mailpush deploy`.
mail_packages() { # SET -> the package list mailpush installs on a bare host, from --check --json
  local set=$1
  "$root/bin/mailpush" deploy "$work/$set.toml" --check --json --limit h1 >"$work/$set-check.json" 2>/dev/null || true
  python3 - "$work/$set-check.json" "$root/playbooks/mailserver/base.toml" <<'PY'
import json, re, sys
pk = None
for line in open(sys.argv[1], errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    for a in e.get("actions") or []:
        if e.get("type") == "task" and a.startswith("install "):
            pk = a[len("install "):].split()
            break
    if pk:
        break
if not pk:  # fall back to the playbook's list with the inventory's defaults (antispam on, SPF on)
    import tomllib
    on = {"enable_antispam": True, "enable_spf_check": True, "enable_greylisting": False,
          "enable_managesieve": False}
    data = tomllib.load(open(sys.argv[2], "rb"))
    pk = []
    for t in data.get("tasks", []):
        for p in t.get("packages", []):
            m = re.fullmatch(r"\{\{#mail\.(\w+)\}\}(.*)\{\{/mail\.\1\}\}", p)
            if m:
                if on.get(m.group(1)):
                    pk.append(m.group(2))
            elif p:
                pk.append(p)
print(" ".join(pk))
PY
}

installed_by() { # JSON FALLBACK: the deploy's install steps on the first host ("a b ; c ; d"), else FALLBACK
  python3 - "$1" "$2" <<'PY'
import json, sys
groups = []
for line in open(sys.argv[1], errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("type") == "task" and e.get("host") == "h1" and e.get("status") == "changed":
        for a in e.get("actions") or []:
            if a.startswith("install "):
                groups.append(" ".join(a[len("install "):].split()))
print(" ; ".join(groups) if groups else sys.argv[2])
PY
}

bare_install() { # SET "A B ; C": one apt-get update, then one apt-get install per group, on every target
  local set=$1 pkgs=$2 pids=() fail=0 script g
  # Debian 12 cannot install the whole stack in one apt-get run without recommends (spamassassin's
  # postinst needs gpg-agent, spamass-milter's needs the postfix user), so the groups keep the deploy's order.
  script="sudo apt-get update -q -o DPkg::Lock::Timeout=300"
  IFS=';' read -ra groups <<<"$pkgs"
  for g in "${groups[@]}"; do
    script+=" && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $g"
  done
  while read -r name port _; do
    ssh -n -i "$work/id_ed25519" -p "$port" -o UserKnownHostsFile="$work/known_hosts" \
      -o StrictHostKeyChecking=yes -o BatchMode=yes admin@127.0.0.1 \
      "$script" \
      >"$work/$set-bare-$name.log" 2>&1 & pids+=($!)
  done <"$work/$set.hosts"
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
  return $fail
}

mail() {
  local n=$1 r pkgs
  for r in $(seq 1 "$runs"); do
    local mset="m$n-$r" bset="b$n-$r"
    start_targets "$mset" "$n"
    start_targets "$bset" "$n"
    mailpush_inventory "$mset" mail >"$work/$mset.toml"
    pkgs=$(mail_packages "$mset")
    timed mail mailpush "$n" "$r" first "$mset" "$work/$mset-first.json" -- \
      "$root/bin/mailpush" deploy "$work/$mset.toml" --json
    # The baseline installs exactly what this deploy installed (every task's "install ..." action,
    # all of them at once), else the list from --check.
    pkgs=$(installed_by "$work/$mset-first.json" "$pkgs")
    echo "$pkgs" >"$work/mail-packages"
    log "mail packages: $pkgs"
    timed mail bare-apt "$n" "$r" first "$bset" "$work/$bset-bare.log" -- bare_install "$bset" "$pkgs"
    stop_targets "$bset"
    timed mail mailpush "$n" "$r" noop "$mset" "$work/$mset-noop.json" -- \
      "$root/bin/mailpush" deploy "$work/$mset.toml" --json
    cp "$work/$mset-first.json" "$work/mail-first-last.json"
    cp "$work/$mset-noop.json" "$work/mail-noop-last.json"
    stop_targets "$mset"
  done
}

# ---------------------------------------------------------------------------------------------
started=$(date -u '+%Y-%m-%d %H:%M UTC')
if [ "$only" != mail ]; then
  for n in ${hosts_list//,/ }; do generic "$n"; done
fi
if [ "$only" != generic ]; then
  for n in ${mail_hosts//,/ }; do mail "$n"; done
fi

# ---------------------------------------------------------------------------------------------
# Results
{
  echo "command	$cmdline"
  echo "label	$label"
  echo "started	$started"
  echo "cores	$(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))"
  echo "ram	$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "load	$(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "os	$(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "mailpush	$mailpush_version (bin/mailpush: java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)${jar_note:+; $jar_note}"
  echo "jdk	$(java -version 2>&1 | sed -n 2p)"
  echo "ansible	$(ansible-playbook --version | head -1), $(python3 --version)"
  echo "openssh	$(ssh -V 2>&1)"
  echo "docker	$(docker version --format '{{.Server.Version}}' 2>/dev/null)"
  echo "image	$image"
  echo "mail_packages	$(cat "$work/mail-packages" 2>/dev/null)"
  echo "equivalence	$(cat "$work/generic-equivalence" 2>/dev/null | tr '\n' ' ')"
} >"$work/meta.tsv"
python3 "$bench/report.py" "$work/meta.tsv" "$raw" "$work" >"$out"
log "results written to $out"
