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

# shellcheck source=bench/lib.sh
. "$bench/lib.sh"

# ---------------------------------------------------------------------------------------------
# Preflight (untimed): engine, image, ansible, jar; then the work directory, key and targets' definition.
bench_preflight
if ! command -v ansible-playbook >/dev/null; then
  log "installing ansible-core with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q ansible-core >/dev/null
fi
command -v python3 >/dev/null || { echo "bench: python3 is needed (it comes with ansible-core)" >&2; exit 1; }
bench_init
raw="$work/raw.tsv"
printf 'part\ttool\tn\trun\tphase\twall_s\texit\tsessions_per_host\tconns_per_host\trx_bytes_per_host\ttx_bytes_per_host\tmp_exec_count_per_host\tmp_exec_count_max\tmp_bytes_sent_per_host\tmp_host_ms_max\tcpu_s\n' >"$raw"
if [ -n "$seed" ]; then
  tail -n +2 "$seed/raw.tsv" >>"$raw"
  cp -n "$seed"/*.json "$seed"/generic-equivalence "$seed"/mail-packages "$work"/ 2>/dev/null || true
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

# timed_row PART TOOL N RUN PHASE SET LOG -- CMD...: wall clock and CPU of CMD, counters around it,
# one raw row
timed_row() {
  local part=$1 tool=$2 n=$3 run=$4 phase=$5 set=$6 logf=$7; shift 8
  [ "$tool" = mailpush ] && ensure_jar
  counters "$set" "$work/before"
  measure "$logf" "$@"
  counters "$set" "$work/after"
  local d mp=$'\t\t\t'
  d=$(delta "$work/before" "$work/after")
  [ "$tool" = mailpush ] && mp=$(mp_host_stats "$logf")
  printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\n' "$part" "$tool" "$n" "$run" "$phase" "$m_wall" "$m_rc" "$d" "$mp" "$m_cpu" >>"$raw"
  log "$(printf '%-8s %-9s N=%-3s run %s %-8s %7.2f s  exit %s' "$part" "$tool" "$n" "$run" "$phase" "$m_wall" "$m_rc")"
  if ((m_rc != 0)); then
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
          timed_row generic mailpush "$n" "$r" "$phase" "$set" "$work/$set-mp-$r-$phase.json" -- \
            "$root/bin/mailpush" run "$work/$set.toml" "$bench/generic.toml" --json
        done
        if ((r == 1)); then tree "$set" >"$work/tree-mailpush"; fi
      else
        for phase in first noop; do
          timed_row generic ansible "$n" "$r" "$phase" "$set" "$work/$set-an-$r-$phase.log" -- \
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
  echo "ansible	$(ansible-playbook --version | head -1), $(python3 --version)"
  echo "mail_packages	$(cat "$work/mail-packages" 2>/dev/null)"
  echo "equivalence	$(cat "$work/generic-equivalence" 2>/dev/null | tr '\n' ' ')"
} >"$work/meta.tsv"
python3 "$bench/report.py" "$work/meta.tsv" "$raw" "$work" >"$out"
log "results written to $out"
