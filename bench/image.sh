#!/usr/bin/env bash
# Builds mailpush-bench:bookworm (or BENCH_IMAGE, e.g. mailpush-bench:trixie, from the target image of
# the same suite) once: mailpush-target:SUITE + python3 (Ansible needs it on its
# targets; mailpush does not) + cron, and sshd at LogLevel VERBOSE so that every SSH session a tool
# opens ("Starting session: command ...") is counted on the target the same way for both tools.
# Both tools run against this same image. An existing image is reused.
set -euo pipefail
image=${BENCH_IMAGE:-mailpush-bench:bookworm}
base=${BENCH_BASE_IMAGE:-mailpush-target:${image##*:}}
"$(dirname "${BASH_SOURCE[0]}")/derive-image.sh" "$image" "$base" '
apt-get install -y -qq python3 cron >/dev/null
mkdir -p /etc/ssh/sshd_config.d
echo "LogLevel VERBOSE" > /etc/ssh/sshd_config.d/mailpush-bench.conf' /sbin/init
