# The login user of a mailpush target container (sandbox, end-to-end test host, bench target), as a
# fresh cloud server's first user is: a home, one authorized key, and sudo. The one copy of this
# setup: SystemdContainer.userCommand runs it for the sandbox and the tests, bench/run.sh reads it
# from here. Run as root in the container:
#
#   sh -c "$(cat target-user.sh)" sh USER PUBLIC_KEY [SUDO_PASSWORD]
#
# Without SUDO_PASSWORD sudo needs no password (NOPASSWD); with it, it becomes the user's password
# and sudo asks for it every time (never cached, so tests do not depend on each other's order).
# Prints the container's ed25519 host key ("ssh-ed25519 AAAA...") for a known_hosts line.
set -eu
user=$1
key=$2
password=${3-}
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
install -d -m 700 -o "$user" -g "$user" "/home/$user/.ssh"
printf '%s\n' "$key" > "/home/$user/.ssh/authorized_keys"
chown "$user:$user" "/home/$user/.ssh/authorized_keys"
chmod 600 "/home/$user/.ssh/authorized_keys"
rules=/etc/sudoers.d/mailpush-$user
if [ -z "$password" ]; then
  printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$user" > "$rules"
else
  printf '%s:%s\n' "$user" "$password" | chpasswd
  printf 'Defaults:%s timestamp_timeout=0, lecture=never\n%s ALL=(ALL:ALL) ALL\n' "$user" "$user" > "$rules"
fi
chmod 440 "$rules"
visudo -c >/dev/null
cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub
