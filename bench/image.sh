#!/usr/bin/env bash
# Builds mailpush-bench:bookworm (or BENCH_IMAGE, e.g. mailpush-bench:trixie, from the target image of
# the same suite) once: mailpush-target:SUITE + python3 (Ansible needs it on its
# targets; mailpush does not) + cron, and sshd at LogLevel VERBOSE so that every SSH session a tool
# opens ("Starting session: command ...") is counted on the target the same way for both tools.
# Both tools run against this same image. An existing image is reused.
set -euo pipefail
image=${BENCH_IMAGE:-mailpush-bench:bookworm}
base=${BENCH_BASE_IMAGE:-mailpush-target:${image##*:}}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "bench: image $image present"
  exit 0
fi
docker image inspect "$base" >/dev/null 2>&1 || "$root/test-images/build.sh" "${base#*:}"
echo "bench: building $image from $base (apt-get install python3 cron)"
c="mailpush-bench-image-$$"
trap 'docker rm -f "$c" >/dev/null 2>&1 || true' EXIT
docker run -d --name "$c" --label mailpush-bench=1 "$base" sleep infinity >/dev/null
docker exec "$c" sh -c '
  set -e
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3 cron >/dev/null
  apt-get clean
  rm -rf /var/lib/apt/lists/*
  mkdir -p /etc/ssh/sshd_config.d
  echo "LogLevel VERBOSE" > /etc/ssh/sshd_config.d/mailpush-bench.conf'
docker commit -c 'CMD ["/sbin/init"]' "$c" "$image" >/dev/null
echo "bench: image $image built"
