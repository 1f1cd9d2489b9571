# Shared by the bench scripts (sourced). First part, for bench/backup.sh and bench/migrate.sh:
# timing, and a generated mailbox for alice. Needs $container (the target's container name) and
# $dir (where logs go).
timed() { # label command...
  local label=$1 start end
  shift
  start=$(date +%s%N)
  "$@" >"$dir/$label.log" 2>&1 || { echo "$label failed:"; cat "$dir/$label.log"; exit 1; }
  end=$(date +%s%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  echo "$label: $secs s"
}
on_host() { docker exec -i "$container" "$@"; }
count() { on_host sh -c 'doveadm search -u alice ALL 2>/dev/null | wc -l' | tr -d ' '; }
# Messages straight into the Maildir, as if delivered over the years: $1 messages from number $2.
generate() {
  on_host /usr/bin/python3 - "$1" "$2" <<'PY'
import base64, os, sys, time
n, first = int(sys.argv[1]), int(sys.argv[2])
cur = "/home/alice/Maildir/cur"
os.makedirs(cur, exist_ok=True)
for i in range(first, first + n):
    body = base64.encodebytes(os.urandom(75 * 1024)).decode()
    flags = "FS" if i % 50 == 0 else "S"
    msg = (f"From: sender{i % 97}@example.net\nTo: alice@sandbox.test\nSubject: message {i}\n"
           f"Message-ID: <bench-{i}@example.net>\nDate: Mon, 1 Dec 2025 10:00:00 +0000\n\n{body}")
    with open(f"{cur}/{int(time.time())}.M{i}P1.bench:2,{flags}", "w") as f:
        f.write(msg)
PY
  on_host chown -R alice:alice /home/alice/Maildir
}


# ---------------------------------------------------------------------------------------------
# Targets and measurements shared by bench/run.sh and bench/curves.sh (sourced after they set
# $bench and $root). bench_init makes the work directory ($work, short: OpenSSH control sockets
# live there), the run id that labels this run's containers, the login key and the target
# definition; the EXIT trap removes the containers (and the work directory unless $keep or a
# failure).
log() { printf 'bench: %s\n' "$*" >&2; }
now() { date +%s.%N; }

# Engine, image and jar (untimed). Each systemd container takes inotify instances; the kernel's
# default (128 per user) stops at about 30 containers, so raise it (root only; harmless when higher).
bench_preflight() {
  if [ "$(sysctl -n fs.inotify.max_user_instances 2>/dev/null || echo 0)" -lt 8192 ]; then
    sysctl -q -w fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=1048576 2>/dev/null \
      || echo "bench: could not raise fs.inotify.max_user_instances; many targets may fail to start" >&2
  fi
  docker info >/dev/null 2>&1 || { echo "bench: no Docker engine (run: bash .ci/ensure-docker.sh)" >&2; exit 1; }
  "$bench/image.sh"
  image=${BENCH_IMAGE:-mailpush-bench:bookworm}
  jar="${MAILPUSH_BUILD_DIR:-$root/target}/mailpush.jar"
  jar_note=""
  work_build_log=$(mktemp /tmp/mpb-build.XXXXXX)
  ensure_jar
  mailpush_version="$("$root/bin/mailpush" --version 2>/dev/null | head -1), git $(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo "+uncommitted changes")"
}

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

bench_init() {
  runid="$(date +%H%M%S)$$"
  work=$(mktemp -d "/tmp/mpb.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  ssh-keygen -q -t ed25519 -N '' -C mailpush-bench -f "$work/id_ed25519"
  : >"$work/known_hosts"
  # The one definition of a target container, from the jar: docker run's arguments, one a line
  # (start_one adds a name and a host name), and the script that makes the login user.
  local text
  text=$(java -cp "$jar" dev.mailpush.sandbox.SystemdContainer "$image" --label mailpush-bench=1 \
    --label "mailpush-bench-run=$runid" --publish 22)
  mapfile -t target_args <<<"$text"
  user_script=$(cat "$root/src/main/resources/dev/mailpush/sandbox/target-user.sh")
}

bench_cleanup() {
  local rc=$?
  set +e
  for s in "$work"/cp*/*; do [ -S "$s" ] && ssh -o ControlPath="$s" -O exit bench >/dev/null 2>&1; done
  local ids
  ids=$(docker ps -aq --filter "label=mailpush-bench-run=$runid")
  [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  if ((${keep:-0})) || ((rc != 0)); then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  rm -f "$work_build_log"
  exit $rc
}

# The machine, for a results file's header (tab-separated key, value lines).
machine_meta() {
  echo "cores	$(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))"
  echo "ram	$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "load	$(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "os	$(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "mailpush	$mailpush_version (bin/mailpush: java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)${jar_note:+; $jar_note}"
  echo "jdk	$(java -version 2>&1 | sed -n 2p)"
  echo "openssh	$(ssh -V 2>&1)"
  echo "docker	$(docker version --format '{{.Server.Version}}' 2>/dev/null)"
  echo "image	$image"
}

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

# measure LOG CMD...: runs CMD (stdout to LOG, stderr to LOG.err) and sets m_rc, m_wall (s), m_cpu
# (user+sys s of CMD and the children it waited for: the controller's work, less distorted than wall
# time on a busy machine) and m_rss (peak resident set of CMD or its largest child, KiB; empty for a
# shell function, which bash's `time` measures instead).
measure() {
  local logf=$1 t0 t1
  shift
  m_rc=0 m_rss=""
  t0=$(now)
  if declare -F "$1" >/dev/null; then
    { TIMEFORMAT='%U %S'; time "$@" >"$logf" 2>"$logf.err"; } 2>"$work/rusage" || m_rc=$?
  else
    /usr/bin/time -f '%U %S %M' -o "$work/rusage" "$@" >"$logf" 2>"$logf.err" || m_rc=$?
  fi
  t1=$(now)
  m_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  # /usr/bin/time puts "Command exited with non-zero status N" before its line on a failure.
  m_cpu=$(tail -n 1 "$work/rusage" | awk '{printf "%.2f", $1+$2}')
  m_rss=$(tail -n 1 "$work/rusage" | awk 'NF==3 {print $3}')
}

# The [ssh] section of a bench inventory: the run's key, its known_hosts, strict host keys.
ssh_section() {
  cat <<TOML
[ssh]
user = "admin"
identity_file = "$work/id_ed25519"
known_hosts = "$work/known_hosts"
host_key_policy = "strict"
become = "sudo"
TOML
}

# hosts_section SET [N] [generic]: [hosts.*] for the first N targets of SET (default all); with
# "generic", each gets the host variable x that bench/generic.toml's templates use.
hosts_section() {
  local set=$1 n=${2:-0} kind=${3:-} i=0 name port
  while read -r name port _; do
    i=$((i + 1))
    ((n == 0 || i <= n)) || break
    printf '\n[hosts.%s]\naddress = "127.0.0.1"\nhostname = "%s.bench.test"\n[hosts.%s.ssh]\nport = %s\n' \
      "$name" "$name" "$name" "$port"
    if [ "$kind" = generic ]; then printf '[hosts.%s.vars]\nx = "value-of-%s"\n' "$name" "$name"; fi
  done <"$work/$set.hosts"
}
