#!/usr/bin/env bash
# mailpush benchmark: mailpush against Ansible on the same local Debian 12 targets, and the mail
# playbook's no-op and first deploy. One command; results go to bench/RESULTS.md.
#
#   bench/run.sh [--hosts 1,10,50] [--runs 3] [--only generic|mail] [--mail-hosts 1,10]
#                [--ansible-hosts 1,10] [--peers ansible,ansible219,mitogen] [--label TEXT]
#                [--out FILE] [--keep] [--seed DIR]
#
#   --hosts       target counts for the generic workload (default 1,10,50)
#   --runs        repetitions per tool and count; medians are reported (default 3)
#   --only        run one part only (default: both)
#   --mail-hosts  target counts for the mail playbook (default 1,10)
#   --ansible-hosts  generic counts at which Ansible runs too (default: all of --hosts); at the
#                 others only mailpush runs (its 50-host target is against its own 1-host time)
#   --peers       the Ansible peers of the generic workload (default: all three): ansible = the machine's
#                 ansible-core; ansible219 = Debian 13's ansible-core 2.19 and mitogen = the same with
#                 Debian 13's ansible-mitogen (strategy mitogen_linear), both from one controller
#                 container of mailpush-bench-controller:trixie (bench/controller-image.sh) on the host
#                 network, timed around `docker exec` into the running container
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
peers=ansible,ansible219,mitogen
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
    --peers) peers=$2; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
[ -n "$ansible_hosts" ] || ansible_hosts=$hosts_list
case "$only" in all|generic|mail) ;; *) echo "bench: --only generic|mail" >&2; exit 2 ;; esac
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs must be a positive integer" >&2; exit 2; }
for p in ${peers//,/ }; do
  case "$p" in ansible|ansible219|mitogen) ;; *) echo "bench: --peers takes ansible, ansible219, mitogen; got $p" >&2; exit 2 ;; esac
done
has_peer() { [[ ",$peers," == *",$1,"* ]]; }
for n in ${hosts_list//,/ } ${mail_hosts//,/ }; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] && ((n <= 100)) || { echo "bench: host counts are 1..100, got $n" >&2; exit 2; }
done

# shellcheck source=bench/lib.sh
. "$bench/lib.sh"

# ---------------------------------------------------------------------------------------------
# Preflight (untimed): engine, image, ansible, jar; then the work directory, key and targets' definition.
bench_preflight
controller_image=${BENCH_CONTROLLER_IMAGE:-mailpush-bench-controller:trixie}
if [ "$only" != mail ] && { has_peer ansible219 || has_peer mitogen; }; then "$bench/controller-image.sh"; fi
if has_peer ansible && ! command -v ansible-playbook >/dev/null; then
  log "installing ansible-core with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible-core >/dev/null
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 1; }
bench_init
raw="$work/raw.tsv"
printf 'part\ttool\tn\trun\tphase\twall_s\texit\tsessions_per_host\tconns_per_host\trx_bytes_per_host\ttx_bytes_per_host\tmp_exec_count_per_host\tmp_exec_count_max\tmp_bytes_sent_per_host\tmp_host_ms_max\tcpu_s\n' >"$raw"
if [ -n "$seed" ]; then
  tail -n +2 "$seed/raw.tsv" >>"$raw"
  cp -n "$seed"/*.json "$seed"/generic-equivalence* "$seed"/mail-packages "$seed"/error-* "$work"/ 2>/dev/null || true
fi

# ---------------------------------------------------------------------------------------------
# Inventories
mailpush_inventory() { # SET KIND(generic|mail) > file
  local set=$1 kind=$2
  echo "# Written by bench/run.sh for targets $set."
  ssh_section
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
  hosts_section "$set" 0 "$kind"
}

ansible_setup() { # SET N [TOOL] -> $work/TOOL-SET/{ansible.cfg,hosts.ini} (TOOL: ansible, ansible219, mitogen)
  local set=$1 n=$2 tool=${3:-ansible}
  local d="$work/$tool-$set" cp="$work/cp-$set"
  [ "$tool" = ansible ] || cp="$work/cp-$set-$tool"
  mkdir -p "$d" "$cp"
  # mitogen: the same settings, plus Debian's Mitogen strategy (its plugins directory as dpkg -L
  # lists it, recorded in the image). Mitogen keeps one SSH connection per host for the whole run
  # and ignores pipelining and ControlMaster.
  local strategy=""
  [ "$tool" = mitogen ] && strategy="strategy_plugins = $mitogen_dir
strategy = mitogen_linear"
  cat >"$d/ansible.cfg" <<CFG
[defaults]
inventory = $d/hosts.ini
forks = $n
host_key_checking = True
interpreter_python = /usr/bin/python3
retry_files_enabled = False
gathering = explicit
nocows = True
$strategy
[ssh_connection]
pipelining = True
control_path_dir = $cp
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
  # The controller's masters are processes in its container: ask them there.
  if [ -n "$controller" ] && [ -d "$work/cp-$set-ansible219" ]; then
    docker exec "$controller" sh -c 'for s in "$1"/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit bench >/dev/null 2>&1; done; true' \
      sh "$work/cp-$set-ansible219"
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# Controller for ansible219 and mitogen: one container of $controller_image for the whole run, on the
# host network (it reaches the targets' 127.0.0.1:PORT), with the work directory (key, known_hosts,
# inventories, control sockets) and bench/ (the playbook) mounted at the same paths. Started once
# and untimed; the timed command is `docker exec` into it.
controller=""
start_controller() {
  controller="mpb-$runid-controller"
  docker run -d --name "$controller" --network host --label mailpush-bench=1 --label "mailpush-bench-run=$runid" \
    -v "$work:$work" -v "$bench:$bench:ro" "$controller_image" sleep infinity >/dev/null
  mitogen_dir=$(docker exec "$controller" cat /etc/mailpush-bench/mitogen-strategy-dir)
  controller_ansible=$(docker exec "$controller" sh -c 'ansible-playbook --version | head -1; python3 --version' | paste -sd, | sed 's/,/, /')
  controller_mitogen=$(docker exec "$controller" dpkg-query -W -f '${Package} ${Version}' ansible-mitogen)
  controller_ssh=$(docker exec "$controller" ssh -V 2>&1)
  controller_os=$(docker exec "$controller" sh -c '. /etc/os-release; echo "$PRETTY_NAME"')
  log "controller $controller: $controller_ansible; $controller_mitogen (strategies in $mitogen_dir)"
}

# CPU seconds (user+sys) the controller container has used so far, from its cgroup: covers
# ansible-playbook, its forks and its ssh processes (bash `time` around docker exec would only
# see the docker client).
controller_cpu() { # cgroup v2 (cpu.stat, microseconds) or v1 (cpuacct.usage, nanoseconds)
  docker exec "$controller" sh -c '
    if [ -r /sys/fs/cgroup/cpu.stat ]; then awk "/^usage_usec/ {printf \"%.3f\", \$2/1e6}" /sys/fs/cgroup/cpu.stat
    elif [ -r /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then awk "{printf \"%.3f\", \$1/1e9}" /sys/fs/cgroup/cpuacct/cpuacct.usage
    fi' 2>/dev/null || true
}

# timed_row PART TOOL N RUN PHASE SET LOG -- CMD...: wall clock and CPU of CMD, counters around it,
# one raw row. For the controller's peers the CPU is the container's (bash `time` around docker exec
# would only see the docker client).
timed_row() {
  local part=$1 tool=$2 n=$3 run=$4 phase=$5 set=$6 logf=$7; shift 8
  [ "$tool" = mailpush ] && ensure_jar
  counters "$set" "$work/before"
  local ccpu0="" ccpu1=""
  case "$tool" in ansible219|mitogen) ccpu0=$(controller_cpu) ;; esac
  measure "$logf" "$@"
  case "$tool" in ansible219|mitogen)
    ccpu1=$(controller_cpu)
    m_cpu=$(awk -v a="$ccpu0" -v b="$ccpu1" 'BEGIN { if (a != "" && b != "") printf "%.2f", b - a }') ;;
  esac
  counters "$set" "$work/after"
  local d mp=$'\t\t\t'
  d=$(delta "$work/before" "$work/after")
  [ "$tool" = mailpush ] && mp=$(mp_host_stats "$logf")
  printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\n' "$part" "$tool" "$n" "$run" "$phase" "$m_wall" "$m_rc" "$d" "$mp" "$m_cpu" >>"$raw"
  log "$(printf '%-8s %-10s N=%-3s run %s %-8s %7.2f s  exit %s' "$part" "$tool" "$n" "$run" "$phase" "$m_wall" "$m_rc")"
  if ((m_rc != 0)); then
    log "  (log: $logf; last lines below)"
    tail -n 5 "$logf" "$logf.err" >&2 || true
    # The first failure of each tool goes into the results, verbatim (the error lines first).
    if [ ! -f "$work/error-$tool" ]; then
      { echo "$part N=$n run $run $phase, exit $m_rc:"
        grep -hE 'ERROR|Error|FAILED|fatal|Traceback|Exception' "$logf" "$logf.err" | head -n 15
        echo "--- last lines:"
        tail -n 15 "$logf" "$logf.err"; } >"$work/error-$tool" 2>/dev/null || true
    fi
  fi
  case "$tool" in ansible|ansible219) ansible_close_masters "$set" ;; esac
  return 0
}

# ---------------------------------------------------------------------------------------------
# Generic workload. "First run" = the directory and its 40 files are removed on every target
# (docker exec, untimed) before each first run; packages and services are already in place in
# the image, as in the playbook's steady state, so this is the same as fresh containers.
generic() {
  local n=$1 set="g$1" r tool tools="mailpush" peer
  [[ ",$ansible_hosts," == *",$n,"* ]] && for peer in ${peers//,/ }; do tools+=" $peer"; done
  start_targets "$set" "$n"
  mailpush_inventory "$set" generic >"$work/$set.toml"
  for peer in ${peers//,/ }; do ansible_setup "$set" "$n" "$peer"; done
  for r in $(seq 1 "$runs"); do
    for tool in $tools; do
      on_targets "$set" 'rm -rf /srv/bench'
      case "$tool" in
        mailpush)
          for phase in first noop; do
            timed_row generic mailpush "$n" "$r" "$phase" "$set" "$work/$set-mp-$r-$phase.json" -- \
              "$root/bin/mailpush" run "$work/$set.toml" "$bench/generic.toml" --json
          done ;;
        ansible)
          for phase in first noop; do
            timed_row generic ansible "$n" "$r" "$phase" "$set" "$work/$set-an-$r-$phase.log" -- \
              env ANSIBLE_CONFIG="$work/ansible-$set/ansible.cfg" ansible-playbook "$bench/generic.yml"
          done ;;
        ansible219|mitogen)
          # Timed: the whole ansible-playbook command inside the already-running controller
          # (docker exec's own start, some tens of ms, is in the time; the container's start is not).
          for phase in first noop; do
            timed_row generic "$tool" "$n" "$r" "$phase" "$set" "$work/$set-$tool-$r-$phase.log" -- \
              docker exec -e ANSIBLE_CONFIG="$work/$tool-$set/ansible.cfg" "$controller" \
              ansible-playbook "$bench/generic.yml"
          done ;;
      esac
      if ((r == 1)); then tree "$set" >"$work/tree-$tool"; fi
    done
    # The SSH floor of this machine: OpenSSH's own client opening one connection to every target
    # at once and running `true` there. No tool that logs in to each host can be faster.
    timed_row generic openssh "$n" "$r" noop "$set" "$work/$set-openssh-$r.log" -- ssh_floor "$set"
  done
  # Every peer must have produced the same files as mailpush (compared on the first host, after run 1).
  for tool in $tools; do
    [ "$tool" = mailpush ] && continue
    local eq="$work/generic-equivalence-$tool"
    [ "$tool" = ansible ] && eq="$work/generic-equivalence"
    if cmp -s "$work/tree-mailpush" "$work/tree-$tool"; then
      echo "same" >"$eq"
    else
      diff "$work/tree-mailpush" "$work/tree-$tool" | head -20 >"$eq" || true
      log "warning: mailpush and $tool produced different /srv/bench trees (see the results)"
    fi
  done
  stop_targets "$set"
}

ssh_floor() { # SET: `ssh HOST true` to every target in parallel, one fresh connection each
  local set=$1 name port pids=() fail=0 p
  while read -r name port _; do
    ssh -q -i "$work/id_ed25519" -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes \
      -o BatchMode=yes -o ControlMaster=no -o ControlPath=none -p "$port" admin@127.0.0.1 true </dev/null &
    pids+=($!)
  done <"$work/$set.hosts"
  for p in "${pids[@]}"; do wait "$p" || fail=1; done
  return "$fail"
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
  # Debian 12 cannot install the whole stack in one apt-get run without recommends: spamass-milter's
  # postinst starts its daemon, which fails when dpkg configures it before postfix has created its user
  # ("Errors were encountered while processing: spamass-milter", measured 2026-12-05). mailpush holds
  # every start, so it installs everything in one run; a person installing by hand needs a second run
  # for spamass-milter, so the baseline does that (the groups otherwise keep the deploy's order).
  script="sudo apt-get update -q -o DPkg::Lock::Timeout=300"
  if [[ " $pkgs " == *" spamass-milter "* ]]; then
    pkgs="${pkgs//spamass-milter/} ; spamass-milter"
  fi
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
    timed_row mail mailpush "$n" "$r" first "$mset" "$work/$mset-first.json" -- \
      "$root/bin/mailpush" deploy "$work/$mset.toml" --json
    # The baseline installs exactly what this deploy installed (every task's "install ..." action,
    # all of them at once), else the list from --check.
    pkgs=$(installed_by "$work/$mset-first.json" "$pkgs")
    echo "$pkgs" >"$work/mail-packages"
    log "mail packages: $pkgs"
    timed_row mail bare-apt "$n" "$r" first "$bset" "$work/$bset-bare.log" -- bare_install "$bset" "$pkgs"
    stop_targets "$bset"
    timed_row mail mailpush "$n" "$r" noop "$mset" "$work/$mset-noop.json" -- \
      "$root/bin/mailpush" deploy "$work/$mset.toml" --json
    cp "$work/$mset-first.json" "$work/mail-first-last.json"
    cp "$work/$mset-noop.json" "$work/mail-noop-last.json"
    stop_targets "$mset"
  done
}

# ---------------------------------------------------------------------------------------------
started=$(date -u '+%Y-%m-%d %H:%M UTC')
controller_ansible="" controller_mitogen="" controller_ssh="" controller_os="" mitogen_dir=""
if [ "$only" != mail ] && { has_peer ansible219 || has_peer mitogen; }; then start_controller; fi
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
  machine_meta
  echo "ansible	$(ansible-playbook --version 2>/dev/null | head -1), $(python3 --version)"
  echo "peers	$peers"
  echo "controller	$controller_image ($controller_os, docker run --network host): $controller_ansible; $controller_ssh"
  echo "mitogen	$controller_mitogen, strategy mitogen_linear from $mitogen_dir"
  echo "mail_packages	$(cat "$work/mail-packages" 2>/dev/null)"
  echo "equivalence	$(cat "$work/generic-equivalence" 2>/dev/null | tr '\n' ' ')"
  for t in ansible219 mitogen; do
    echo "equivalence_$t	$(cat "$work/generic-equivalence-$t" 2>/dev/null | tr '\n' ' ')"
  done
  for t in mailpush ansible ansible219 mitogen bare-apt; do
    if [ -f "$work/error-$t" ]; then echo "error_$t	$(base64 -w0 "$work/error-$t")"; fi
  done
} >"$work/meta.tsv"
python3 "$bench/report.py" "$work/meta.tsv" "$raw" "$work" >"$out"
log "results written to $out"
