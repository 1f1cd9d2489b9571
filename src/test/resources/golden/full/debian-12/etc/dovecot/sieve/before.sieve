# Managed by mailpush: global Sieve script run for every user BEFORE their own ~/.dovecot.sieve.
require ["fileinto", "mailbox", "duplicate", "variables", "regex", "envelope", "subaddress"];

# Each message once. When Dovecot restarts during a delivery, its LMTP server can store the
# message and still answer "421 Shutting down"; Postfix then delivers the same queued message
# again. The top Received header carries this Postfix's queue id, which is the same for both
# attempts and different for any other copy (a mailing list's, say), so only true repeats go.
if header :regex "Received" "by [^ ]+ \\(Postfix[^)]*\\)[[:space:]]+(with [A-Za-z]+[[:space:]]+)?id ([0-9A-Za-z]+)" {
  set "queue_id" "${2}";
  if duplicate :uniqueid "${queue_id}" :seconds 86400 {
    discard;
    stop;
  }
}

# Mail that SpamAssassin marked as spam goes to Junk. Filing it cancels the implicit keep, which ends
# the script sequence: the user's own script is not run for spam (it runs for all other mail).
if header :is "X-Spam-Flag" "YES" {
  fileinto :create "Junk";
  stop;
}
# Shared mailbox office (office@example.com, contact@example.org): Postfix hands its mail to its first reader with the +detail
# mailpush-shared-office; it is filed in the shared folder, once for all readers.
if envelope :detail :is "to" "mailpush-shared-office" {
  fileinto :create "Shared.office.INBOX";
  stop;
}
