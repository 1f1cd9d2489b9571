#!/usr/bin/env bash
# derive-image.sh IMAGE BASE SETUP CMD...: builds IMAGE once from BASE, an existing IMAGE being
# reused. BASE is made with test-images/build.sh when missing (the machine has no image registry).
# SETUP, a shell script, runs as root in a container of BASE between `apt-get update` and the removal
# of apt's lists and cache (DEBIAN_FRONTEND=noninteractive, set -e); the container is then committed
# with CMD as its command. Used by image.sh (the targets) and controller-image.sh (the Ansible
# controller). Messages go to stderr.
set -euo pipefail
image=$1 base=$2 setup=$3
shift 3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "bench: image $image present" >&2
  exit 0
fi
docker image inspect "$base" >/dev/null 2>&1 || "$root/test-images/build.sh" "${base#*:}" >&2
echo "bench: building $image from $base" >&2
c="mailpush-bench-image-$$"
trap 'docker rm -f "$c" >/dev/null 2>&1 || true' EXIT
docker run -d --name "$c" --label mailpush-bench=1 "$base" sleep infinity >/dev/null
docker exec "$c" sh -c "set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$setup
apt-get clean
rm -rf /var/lib/apt/lists/*"
cmd=$(printf '"%s", ' "$@")
docker commit -c "CMD [${cmd%, }]" "$c" "$image" >/dev/null
echo "bench: image $image built" >&2
