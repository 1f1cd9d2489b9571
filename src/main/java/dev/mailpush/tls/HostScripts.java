package dev.mailpush.tls;

/**
 * The shell the ACME exchange runs on a host (POSIX sh, openssl, systemd; nothing is installed).
 * Values travel as positional parameters ({@code sh -c SCRIPT sh ARG...}), never pasted into script
 * text.
 */
final class HostScripts {
  private HostScripts() {}

  static final String TLS_DIR = "/etc/mailpush/tls";
  static final String FULLCHAIN = TLS_DIR + "/fullchain.pem";
  static final String PRIVKEY = TLS_DIR + "/privkey.pem";

  /**
   * The spare key the next order uses (root, 0600; made on the host, never leaves it): {@code dns
   * apply} publishes its TLSA record while the current key still serves, so a renewal never serves
   * a key that DANE senders do not know.
   */
  static final String NEXT_KEY = TLS_DIR + "/next-privkey.pem";

  /**
   * The key made for a pending order: 0600 from birth, renamed over privkey.pem only with its
   * certificate.
   */
  static final String PENDING_KEY = TLS_DIR + "/.privkey.pem.acme-pending";

  static final String RESPONDER_UNIT = "mailpush-acme-http";
  static final String RESPONDER_DIR = "/run/mailpush-acme-http";

  /**
   * The key for an order at $2 and a CSR for $1 (and the subjectAltName list $3, "DNS:a,DNS:b") on
   * stdout. With $4 (the next key, or the current one when DANE needs it kept) the key is a copy of
   * that file, which stays until the order is installed; without, a new RSA 2048 key (what every
   * MTA on the other end can use). Either is 0600 from birth (umask) in a file nothing reads.
   */
  static final String MAKE_CSR =
      """
      set -e
      umask 077
      mkdir -p -- "$(dirname -- "$2")"
      rm -f -- "$2"
      if [ -n "$4" ]; then
        cp -- "$4" "$2" || { rm -f -- "$2"; echo "cannot copy the key $4 for this order" >&2; exit 1; }
        openssl req -new -key "$2" -sha256 -subj "/CN=$1" \\
          -addext "subjectAltName=$3" -outform PEM 2>/dev/null || {
          rm -f -- "$2"
          echo "openssl could not make a CSR for $1 with the key $4 (openssl 1.1.1 or later is needed for -addext)" >&2
          exit 1
        }
        exit 0
      fi
      openssl req -new -newkey rsa:2048 -nodes -sha256 -keyout "$2" -subj "/CN=$1" \\
        -addext "subjectAltName=$3" -outform PEM 2>/dev/null || {
        rm -f -- "$2"
        echo "openssl could not make a key and CSR for $1 (openssl 1.1.1 or later is needed for -addext)" >&2
        exit 1
      }
      """;

  /**
   * A next key at $1 (RSA 2048, root 0600), made beside it and renamed into place: when $1 is
   * missing, or with $2 = "replace" (after an order used it).
   */
  static final String MAKE_NEXT_KEY =
      """
      set -e
      umask 077
      if [ "$2" != replace ] && [ -f "$1" ]; then exit 0; fi
      mkdir -p -- "$(dirname -- "$1")"
      tmp=$(mktemp "$(dirname -- "$1")/.next-privkey.XXXXXX")
      trap 'rm -f -- "$tmp"' EXIT
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp" 2>/dev/null || {
        echo "openssl could not make the next key $1" >&2
        exit 1
      }
      chown root:root "$tmp"
      chmod 0600 "$tmp"
      mv -f -- "$tmp" "$1"
      trap - EXIT
      """;

  /**
   * Installs the certificate chain (stdin) with the pending key ($1): both complete and checked to
   * match before either is renamed into place ($2 fullchain, $3 privkey), one rename right after
   * the other.
   */
  static final String INSTALL =
      """
      set -e
      new=$1; chain=$2; key=$3
      [ -f "$new" ] || { echo "the key made for this order ($new) is gone" >&2; exit 3; }
      tmp=$(mktemp "$(dirname -- "$chain")/.fullchain.XXXXXX")
      trap 'rm -f -- "$tmp"' EXIT
      cat > "$tmp"
      a=$(openssl x509 -in "$tmp" -noout -pubkey | openssl pkey -pubin -outform DER | od -An -tx1 | tr -d ' \\n')
      b=$(openssl pkey -in "$new" -pubout -outform DER | od -An -tx1 | tr -d ' \\n')
      if [ -z "$a" ] || [ "$a" != "$b" ]; then echo "the issued certificate does not match the key made for it" >&2; exit 4; fi
      chown root:root "$tmp" "$new"
      chmod 0644 "$tmp"
      chmod 0600 "$new"
      mv -f -- "$new" "$key"
      mv -f -- "$tmp" "$chain"
      trap - EXIT
      """;

  static final String DISCARD_PENDING_KEY =
      """
      rm -f -- "$1"
      """;

  /** Prints what listens on TCP port 80 (empty when nothing does). */
  private static final String LISTENERS =
      """
      listeners() {
        if command -v ss >/dev/null 2>&1; then ss -ltnpH 'sport = :80'
        else awk 'FNR > 1 && $2 ~ /:0050$/ && $4 == "0A"' /proc/net/tcp /proc/net/tcp6 2>/dev/null; fi
      }
      """;

  /**
   * Starts the temporary HTTP-01 responder: a transient systemd unit ($1) running
   * systemd-socket-activate on port 80, one {@code sh} per connection serving files of $2/tokens.
   * The responder script arrives on stdin, tokens as "name content" argument pairs. Exit 11 with
   * the listeners on stdout when port 80 is taken. RuntimeMaxSec stops it even if mailpush dies
   * before stopping it.
   */
  static final String START_RESPONDER =
      LISTENERS
          + """
      set -e
      unit=$1; d=$2; shift 2
      systemctl stop "$unit.service" >/dev/null 2>&1 || true
      systemctl reset-failed "$unit.service" >/dev/null 2>&1 || true
      sa=$(command -v systemd-socket-activate || echo /usr/bin/systemd-socket-activate)
      if [ ! -x "$sa" ] || ! command -v systemd-run >/dev/null 2>&1; then
        echo "systemd-run and systemd-socket-activate (package systemd) are needed for challenge = standalone" >&2
        exit 10
      fi
      busy=$(listeners)
      if [ -n "$busy" ]; then printf '%s\\n' "$busy"; exit 11; fi
      rm -rf -- "$d"
      mkdir -m 0700 -- "$d"
      mkdir -m 0700 -- "$d/tokens"
      cat > "$d/respond"
      while [ $# -ge 2 ]; do printf '%s' "$2" > "$d/tokens/$1"; shift 2; done
      systemd-run --quiet --collect --unit "$unit" -p RuntimeMaxSec=600 -p NoNewPrivileges=yes \\
        -p ProtectHome=yes -p ProtectSystem=strict -p PrivateTmp=yes \\
        "$sa" -l 80 --accept --inetd /bin/sh "$d/respond"
      i=0
      while [ $i -lt 50 ]; do
        if [ -n "$(listeners)" ]; then exit 0; fi
        sleep 0.1; i=$((i + 1))
      done
      systemctl status --no-pager "$unit.service" >&2 || true
      echo "the temporary responder did not start listening on port 80" >&2
      exit 12
      """;

  /**
   * Answers one HTTP request on stdin/stdout: the file tokens/TOKEN beside this script, else 404.
   * Reads the whole request head first (closing with unread data would reset the connection before
   * the answer).
   */
  static final String RESPONDER =
      """
      cr=$(printf '\\r')
      IFS=' ' read -r method target version || exit 0
      while IFS= read -r line; do case $line in "$cr"|"") break;; esac; done
      token=${target#/.well-known/acme-challenge/}
      case $token in ""|*[!A-Za-z0-9_-]*) token="";; esac
      f=$(dirname -- "$0")/tokens/$token
      if [ -n "$token" ] && [ -f "$f" ]; then
        body=$(cat -- "$f")
        printf 'HTTP/1.0 200 OK\\r\\nContent-Type: application/octet-stream\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s' "${#body}" "$body"
      else
        printf 'HTTP/1.0 404 Not Found\\r\\nContent-Type: text/plain\\r\\nContent-Length: 10\\r\\nConnection: close\\r\\n\\r\\nnot found\\n'
      fi
      """;

  /** Stops the responder and removes its directory; nothing of it stays on the host. */
  static final String STOP_RESPONDER =
      """
      systemctl stop "$1.service" >/dev/null 2>&1
      systemctl reset-failed "$1.service" >/dev/null 2>&1
      rm -rf -- "$2"
      if systemctl is-active --quiet "$1.service"; then echo "$1.service is still running" >&2; exit 1; fi
      exit 0
      """;

  /**
   * Puts tokens under $1/.well-known/acme-challenge/ (argument pairs "name content", files 0644,
   * new directories 0755) and prints each directory it had to create, for the cleanup to remove.
   */
  static final String WEBROOT_PUBLISH =
      """
      set -e
      w=$1; shift
      if [ ! -d "$w" ]; then echo "webroot $w does not exist on this host" >&2; exit 20; fi
      umask 022
      for sub in "$w/.well-known" "$w/.well-known/acme-challenge"; do
        if [ ! -d "$sub" ]; then mkdir -- "$sub"; echo "$sub"; fi
      done
      while [ $# -ge 2 ]; do printf '%s' "$2" > "$w/.well-known/acme-challenge/$1"; shift 2; done
      """;

  /**
   * Removes the tokens ($2...) and, deepest first, the directories the publish step created (after
   * --).
   */
  static final String WEBROOT_REMOVE =
      """
      w=$1; shift
      while [ $# -gt 0 ] && [ "$1" != -- ]; do rm -f -- "$w/.well-known/acme-challenge/$1"; shift; done
      [ $# -gt 0 ] && shift
      for d; do rmdir -- "$d" 2>/dev/null || true; done
      exit 0
      """;
}
