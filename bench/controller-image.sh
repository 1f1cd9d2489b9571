#!/usr/bin/env bash
# Builds mailpush-bench-controller:trixie once: the Ansible controller for the peers ansible219 and
# mitogen in bench/run.sh. Debian 13's own ansible-core (2.19) and ansible-mitogen, installed with
# apt-get on mailpush-target:trixie (the machine has no image registry; test-images/build.sh makes
# that image with debootstrap). The container runs on the host network, so it reaches the targets'
# SSH on 127.0.0.1:PORT like the tools run from the machine. An existing image is reused.
# Prints nothing on stdout. The path of Mitogen's strategy plugins directory is kept in the image
# as /etc/mailpush-bench/mitogen-strategy-dir (found with dpkg -L, not guessed; run.sh reads it).
set -euo pipefail
image=${BENCH_CONTROLLER_IMAGE:-mailpush-bench-controller:trixie}
base=${BENCH_CONTROLLER_BASE:-mailpush-target:trixie}
"$(dirname "${BASH_SOURCE[0]}")/derive-image.sh" "$image" "$base" '
apt-get install -y -qq --no-install-recommends ansible-core ansible-mitogen openssh-client python3 >/dev/null
mkdir -p /etc/mailpush-bench
d=$(dpkg -L ansible-mitogen | grep "/plugins/strategy/mitogen_linear.py$" | head -1)
[ -n "$d" ] || { echo "ansible-mitogen has no mitogen_linear.py strategy plugin:" >&2; dpkg -L ansible-mitogen | grep strategy >&2; exit 1; }
dirname "$d" > /etc/mailpush-bench/mitogen-strategy-dir' sleep infinity
