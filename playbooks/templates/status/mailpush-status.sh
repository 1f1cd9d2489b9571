# mailpush status: how a deployed host is, read-only, as CHECK <TAB> ok|warn|fail <TAB> message <TAB> fix
# [<TAB> value] lines (api/CheckLines); the value, where given, is what the status page charts.
# Run as root with sh -c SCRIPT sh HOSTNAME SELECTOR BACKUP "UNITS" "DOMAINS"
# [ALERTS CERT_DAYS DISK_PERCENT QUEUE_MINUTES]: ALERTS=yes adds the alert timer's last run; the three
# numbers are where a certificate, a disk and the queue turn from warn to fail (mailpush-alert passes
# the [alerts] thresholds). It changes nothing on the host (deploy also installs it for mailpush-alert).
hostname=$1 selector=$2 backup=$3 units=$4 domains=$5 alerts=${6:-no}
cert_days=${7:-7} disk_percent=${8:-90} queue_minutes=${9:-240}
line() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }
measured() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5"; }

# Services the deploy runs; ?unit: one that only some releases run, counted where enabled at boot.
for unit in $units; do
  case "$unit" in
    \?*)
      unit=${unit#?}
      systemctl is-enabled --quiet "$unit" 2>/dev/null || continue
      ;;
  esac
  state=$(systemctl is-active "$unit" 2>/dev/null)
  if [ "$state" = active ]; then
    line "service-$unit" ok "$unit is running" ""
  else
    line "service-$unit" fail "$unit is ${state:-unknown}" \
      "systemctl restart $unit; journalctl -u $unit -n 50 shows why it stopped"
  fi
done

# Listeners of the mail ports.
for port in 25 465 587 143 993; do
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    line "port-$port" ok "port $port is listening" ""
  else
    line "port-$port" fail "nothing listens on port $port" \
      "mailpush deploy restores the configuration; journalctl -u postfix -u dovecot shows why"
  fi
done

# The mail queue: how much waits, since when, and why.
if command -v postqueue >/dev/null 2>&1; then
  now=$(date +%s)
  postqueue -j 2>/dev/null > /tmp/mailpush-status-queue.$$ || true
  count=$(wc -l < /tmp/mailpush-status-queue.$$)
  oldest=$(sed -n 's/.*"arrival_time": *\([0-9]*\).*/\1/p' /tmp/mailpush-status-queue.$$ | sort -n | head -n 1)
  reason=$(sed -n 's/.*"delay_reason": *"\([^"]*\)".*/\1/p' /tmp/mailpush-status-queue.$$ \
    | cut -c1-120 | sort | uniq -c | sort -rn | head -n 1 | sed 's/^ *[0-9]* //')
  held=$(grep -c '"queue_name": *"hold"' /tmp/mailpush-status-queue.$$)
  rm -f /tmp/mailpush-status-queue.$$
  if [ "$count" -eq 0 ]; then
    measured queue ok "the mail queue is empty" "" 0
  else
    age=$(( (now - ${oldest:-$now}) / 60 ))
    msg="$count message(s) queued, the oldest for $age min${reason:+; most often: $reason}"
    if [ "$held" -gt 0 ]; then
      measured queue fail "$msg; $held on hold" "postqueue -p lists them; postsuper -H ALL releases held mail" "$count"
    elif [ "$age" -ge "$queue_minutes" ]; then
      measured queue fail "$msg" "postqueue -p lists them; fix the reason, then postqueue -f" "$count"
    elif [ "$age" -ge 30 ]; then
      measured queue warn "$msg" "postqueue -p lists them; mail is retried for 5 days" "$count"
    else
      measured queue ok "$msg" "" "$count"
    fi
  fi
fi

# Disk and inodes where mail lives.
for dir in /home /var/spool/postfix; do
  used=$(df -P "$dir" 2>/dev/null | awk 'NR == 2 { sub("%", "", $5); print $5 }')
  inodes=$(df -Pi "$dir" 2>/dev/null | awk 'NR == 2 { sub("%", "", $5); print $5 }')
  case "$inodes" in ''|*[!0-9]*) inodes=0 ;; esac
  [ -n "$used" ] || continue
  worst=$used
  [ "$inodes" -gt "$worst" ] && worst=$inodes
  msg="$dir: ${used}% of its disk used, ${inodes}% of its inodes"
  if [ "$worst" -ge "$disk_percent" ]; then
    measured "disk-$dir" fail "$msg" "free space on the disk of $dir (du -sh $dir/* shows what is big)" "$worst"
  elif [ "$worst" -ge 80 ]; then
    measured "disk-$dir" warn "$msg" "free space soon on the disk of $dir" "$worst"
  else
    measured "disk-$dir" ok "$msg" "" "$worst"
  fi
done

# The TLS certificate.
cert=/etc/mailpush/tls/fullchain.pem
if end=$(openssl x509 -enddate -noout -in "$cert" 2>/dev/null); then
  left=$(( ($(date -d "${end#notAfter=}" +%s) - $(date +%s)) / 86400 ))
  if [ "$left" -lt "$cert_days" ]; then
    measured certificate fail "the certificate of $hostname expires in $left day(s)" \
      "mailpush certs INVENTORY (ACME), or mailpush deploy" "$left"
  elif [ "$left" -lt 21 ]; then
    measured certificate warn "the certificate of $hostname expires in $left days" \
      "mailpush deploy renews it (ACME); check the renewal timer: systemctl list-timers" "$left"
  else
    measured certificate ok "the certificate of $hostname is valid for $left more days" "" "$left"
  fi
else
  line certificate fail "no readable certificate at $cert" "mailpush deploy makes one"
fi

# DKIM keys.
# The signing selector is the host's (dkim rotate records it in the domain's state file), else the inventory's.
for domain in $domains; do
  signing=$(sed -n 's/^active[[:space:]]\{1,\}\([a-z0-9-]\{1,\}\)[[:space:]]*$/\1/p' "/etc/opendkim/keys/$domain/state" 2>/dev/null | tail -n 1)
  signing=${signing:-$selector}
  if [ -s "/etc/opendkim/keys/$domain/$signing.private" ]; then
    line "dkim-$domain" ok "the DKIM key of $domain ($signing) is there" ""
  else
    line "dkim-$domain" fail "no DKIM key for $domain ($signing)" "mailpush deploy makes it; then publish it: mailpush dns-report"
  fi
done

# fail2ban's bans now.
if command -v fail2ban-client >/dev/null 2>&1 && systemctl is-active --quiet fail2ban; then
  bans=0
  for jail in $(fail2ban-client status 2>/dev/null | sed -n 's/.*Jail list:[[:space:]]*//p' | tr ',' ' '); do
    n=$(fail2ban-client status "$jail" 2>/dev/null | sed -n 's/.*Currently banned:[[:space:]]*//p')
    bans=$((bans + ${n:-0}))
  done
  line fail2ban ok "fail2ban bans $bans address(es) now" ""
fi

# The last backup, as the backup script recorded it (the repository itself is not opened here:
# mailpush backup INVENTORY --status does that).
if [ "$backup" = yes ]; then
  result="" finished="" message=""
  if [ -f /var/lib/mailpush/backup/last ]; then
    while IFS='=' read -r k v; do
      case $k in result) result=$v ;; finished) finished=$v ;; message) message=$v ;; esac
    done < /var/lib/mailpush/backup/last
  fi
  case $result in
    ok) line last-backup ok "last backup $finished: $message" "" ;;
    failed) line last-backup fail "last backup $finished failed: $message" "journalctl -u mailpush-backup on the host shows why; then mailpush backup INVENTORY" ;;
    *) line last-backup warn "no backup has run on this host yet" "mailpush backup INVENTORY" ;;
  esac
fi

# The alert timer (mailpush-alert): its last run, and the last mail it sent.
if [ "$alerts" = yes ]; then
  last=$(systemctl show -p ExecMainExitTimestamp --value mailpush-alert.service 2>/dev/null)
  result=$(systemctl show -p Result --value mailpush-alert.service 2>/dev/null)
  sent=$(sed -n 's/^sent=\([0-9][0-9]*\)$/\1/p' /var/lib/mailpush/alert-state 2>/dev/null)
  mailed=""
  [ -n "$sent" ] && mailed="; last mail to the postmaster $(date -d "@$sent" '+%F %R')"
  if ! systemctl is-active --quiet mailpush-alert.timer; then
    line alerts fail "the alert timer is not running" "mailpush deploy starts it; systemctl status mailpush-alert.timer shows why"
  elif [ -z "$last" ] || [ "$last" = n/a ]; then
    line alerts ok "the alert timer waits for its first run$mailed" ""
  elif [ "$result" = success ]; then
    line alerts ok "alerts last checked $last$mailed" ""
  else
    line alerts warn "the last alert run ($last) failed: $result" "journalctl -u mailpush-alert -n 50 shows why"
  fi
fi

# Pending updates, security ones first.
if command -v apt-get >/dev/null 2>&1; then
  simulated=$(apt-get -s -o Debug::NoLocking=1 upgrade 2>/dev/null | grep '^Inst ')
  pending=$(printf '%s' "$simulated" | grep -c '^Inst ')
  security=$(printf '%s' "$simulated" | grep -c -i 'security')
  if [ "$security" -gt 0 ]; then
    line updates warn "$security security update(s) pending ($pending in all)" "apt-get update && apt-get upgrade on the host (or install unattended-upgrades)"
  elif [ "$pending" -gt 0 ]; then
    line updates ok "$pending update(s) pending, none for security" ""
  else
    line updates ok "no pending updates (as of the last apt-get update)" ""
  fi
fi

# The Debian release's support.
. /etc/os-release
today=$(date +%F)
case "$VERSION_ID" in
  11) lts=2026-08-31 next="mailpush upgrade INVENTORY --limit HOST (to Debian 12)" ;;
  12) lts=2028-06-30 next="mailpush upgrade INVENTORY --limit HOST (to Debian 13)" ;;
  13) lts=2030-06-30 next="" ;;
  *) lts="" next="" ;;
esac
if [ -z "$lts" ]; then
  line release warn "$PRETTY_NAME: support dates unknown to this mailpush" ""
elif [ "$today" \> "$lts" ]; then
  line release fail "$PRETTY_NAME has had no security support since $lts" "$next"
else
  line release ok "$PRETTY_NAME is supported (LTS until $lts)" ""
fi
