#!/usr/bin/env bash
# Builds the Debian target images used by the end-to-end tests and the sandbox:
# systemd as PID 1, OpenSSH, sudo. There is no registry here, so images are made
# with debootstrap and imported. An image that already exists is reused unless it was built
# by an older version of this script (the label mailpush.image-version differs).
#
#   test-images/build.sh [SUITE...]     (default: bullseye bookworm trixie)
set -euo pipefail

suites=("$@")
((${#suites[@]})) || suites=(bullseye bookworm trixie)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Bump when the image's content changes, so machines holding an older image rebuild it.
version=3

for suite in "${suites[@]}"; do
  image="mailpush-target:${suite}"
  have=$(docker image inspect -f '{{index .Config.Labels "mailpush.image-version"}}' "$image" 2>/dev/null || true)
  if [[ "$have" == "$version" ]]; then
    echo "images: $image present"
    continue
  fi
  echo "images: building $image with debootstrap (about a minute)"
  root=$(mktemp -d /var/tmp/mailpush-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase \
    --include=openssh-server,systemd,systemd-sysv,dbus,ca-certificates,sudo,iproute2,procps,dnsmasq-base \
    "$suite" "$root" "$mirror" >/tmp/mailpush-debootstrap-"$suite".log 2>&1 \
    || { echo "debootstrap failed, see /tmp/mailpush-debootstrap-$suite.log" >&2; exit 1; }
  echo "deb $mirror $suite main" > "$root/etc/apt/sources.list"
  # Keys are made per container at boot (ssh-keygen -A runs in sshd's unit), so every
  # container has its own host key, as a real server would.
  rm -f "$root"/etc/ssh/ssh_host_*
  # Services a container cannot or should not run.
  for unit in systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_reap.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  mkdir -p "$root/etc/systemd/system/ssh.service.d"
  cat > "$root/etc/systemd/system/ssh.service.d/hostkeys.conf" <<'UNIT'
[Service]
ExecStartPre=
ExecStartPre=/usr/bin/ssh-keygen -A
ExecStartPre=/usr/sbin/sshd -t
UNIT
  # A DNS server on the host's own loopback that knows only /etc/hosts and answers NXDOMAIN for
  # everything else. Tests point the resolver here (docker --dns 127.0.0.1): lookups never leave
  # the host, yet fail at once, as on a real server asking about names that do not exist.
  # Without an answer SpamAssassin waits 15 s for every blocklist query, at start and per message.
  cat > "$root/etc/systemd/system/mailpush-test-dns.service" <<'UNIT'
[Unit]
Description=Loopback DNS for tests: /etc/hosts only, NXDOMAIN otherwise
After=network.target

[Service]
ExecStart=/usr/sbin/dnsmasq --keep-in-foreground --no-resolv --local=/#/ --conf-dir=/etc/mailpush-test-dns.d --listen-address=127.0.0.1 --bind-interfaces --user=nobody --group=nogroup

[Install]
WantedBy=multi-user.target
UNIT
  ln -sf /etc/systemd/system/mailpush-test-dns.service "$root/etc/systemd/system/multi-user.target.wants/mailpush-test-dns.service"
  # A test forwards its own zones to its own DNS server with server=/ZONE/ADDR#PORT lines here.
  mkdir -p "$root/etc/mailpush-test-dns.d"
  echo "mailpush-target" > "$root/etc/hostname"
  # Keep apt lean and quiet in tests.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/90mailpush"
  apt-get clean -o RootDir="$root" >/dev/null 2>&1 || true
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -c . | docker import -c 'CMD ["/sbin/init"]' -c "LABEL mailpush.image-version=$version" - "$image" >/dev/null
  rm -rf "$root"; trap - EXIT
  echo "images: $image built"
done
