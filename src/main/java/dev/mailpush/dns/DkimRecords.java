package dev.mailpush.dns;

import java.util.Optional;

/** What {@code dkim rotate} needs of the DNS package's DKIM record handling. */
public final class DkimRecords {
  private DkimRecords() {}

  /** {@code SELECTOR._domainkey.DOMAIN}, normalised. */
  public static String name(String selector, String domain) {
    return selector + "._domainkey." + Names.normalize(domain);
  }

  public static boolean sameDomain(String a, String b) {
    return Names.same(a, b);
  }

  /** The zone-file line to publish a record value, split into strings of at most 255. */
  public static String zoneLine(String name, String value) {
    return Zone.txt(name, value);
  }

  /** The record value of a host's record file (opendkim-genkey's fragment), or empty. */
  public static Optional<String> value(String fileText) {
    return Optional.ofNullable(DkimCheck.recordValue(fileText));
  }

  /** The {@code p=} of a host's record file, or empty. */
  public static Optional<String> publicKeyOfFile(String fileText) {
    return value(fileText).flatMap(DkimCheck::publicKey);
  }

  /** See {@link DkimCheck#notServing}. */
  public static Optional<String> notServing(
      DnsLookup server, String serverName, String name, String hostP) {
    return DkimCheck.notServing(server, serverName, name, hostP);
  }
}
