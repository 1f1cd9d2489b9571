#!/usr/bin/env bash
# Builds mailpush-bench-controller:trixie once: the Ansible controller for the peers ansible219 and
# mitogen in bench/run.sh. Debian 13's own ansible-core (2.19) and ansible-mitogen, installed with
# apt-get on mailpush-target:trixie (the machine has no image registry; test-images/build.sh makes
# that image with debootstrap). The container runs on the host network, so it reaches the targets'
# SSH on 127.0.0.1:PORT like the tools run from the machine. An existing image is reused.
# Prints nothing on stdout but the path of Mitogen's strategy plugins directory is kept in the image
# as /etc/mailpush-bench/mitogen-strategy-dir (found with dpkg -L, not guessed).
set -euo pipefail
image=${BENCH_CONTROLLER_IMAGE:-mailpush-bench-controller:trixie}
base=${BENCH_CONTROLLER_BASE:-mailpush-target:trixie}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "bench: image $image present" >&2
  exit 0
fi
docker image inspect "$base" >/dev/null 2>&1 || "$root/test-images/build.sh" "${base#*:}" >&2
echo "bench: building $image from $base (apt-get install ansible-core ansible-mitogen)" >&2
c="mailpush-bench-controller-image-$$"
trap 'docker rm -f "$c" >/dev/null 2>&1 || true' EXIT
docker run -d --name "$c" --label mailpush-bench=1 "$base" sleep infinity >/dev/null
docker exec "$c" sh -c '
  set -e
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends ansible-core ansible-mitogen openssh-client python3 >/dev/null
  apt-get clean
  rm -rf /var/lib/apt/lists/*
  mkdir -p /etc/mailpush-bench
  d=$(dpkg -L ansible-mitogen | grep "/plugins/strategy/mitogen_linear.py$" | head -1)
  [ -n "$d" ] || { echo "ansible-mitogen has no mitogen_linear.py strategy plugin:" >&2; dpkg -L ansible-mitogen | grep strategy >&2; exit 1; }
  dirname "$d" > /etc/mailpush-bench/mitogen-strategy-dir'
docker commit -c 'CMD ["sleep", "infinity"]' "$c" "$image" >/dev/null
echo "bench: image $image built (Mitogen strategies in $(docker run --rm "$image" cat /etc/mailpush-bench/mitogen-strategy-dir))" >&2
