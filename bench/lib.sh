# Shared by bench/backup.sh and bench/migrate.sh (sourced): timing, and a generated mailbox for
# alice. Needs $container (the target's container name) and $dir (where logs go).
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

