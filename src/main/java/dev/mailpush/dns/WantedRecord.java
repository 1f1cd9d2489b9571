package dev.mailpush.dns;

import dev.mailpush.report.Subject;
import java.util.List;

/**
 * A record set {@code dns apply} keeps right, and how it treats what is already there. {@code kind}
 * names it in the ownership records ({@code _mailpush.NAME TXT "mailpush owns KIND"}).
 */
public sealed interface WantedRecord {
  Subject subject();

  /** The check's name in the output, e.g. {@code dns-mx}. */
  String check();

  String kind();

  String name();

  /**
   * Exactly these records of {@code type} at {@code name}; with {@code supersetOk}, a set that
   * holds them and more (other MX hosts of the admin's) is right too.
   */
  record Exact(
      Subject subject,
      String check,
      String kind,
      String name,
      String type,
      List<String> data,
      boolean supersetOk)
      implements WantedRecord {
    public Exact {
      data = List.copyOf(data);
    }
  }

  /**
   * The domain's one SPF record authorises its MX hosts; a foreign record gets {@code mx} added.
   */
  record Spf(Subject subject, String name) implements WantedRecord {
    public String check() {
      return "dns-spf";
    }

    public String kind() {
      return "SPF";
    }
  }

  /**
   * A policy record (DMARC, TLS-RPT): written when no TXT record of {@code name} starts with {@code
   * prefix}; one that does is the admin's choice and stays.
   */
  record IfMissing(
      Subject subject, String check, String kind, String name, String prefix, String value)
      implements WantedRecord {}

  /**
   * No record of {@code type} at {@code name} any more (a DKIM key retired by {@code dkim rotate}):
   * removed with its ownership note when mailpush wrote it; one it did not write stays.
   */
  record Gone(Subject subject, String check, String kind, String name, String type)
      implements WantedRecord {}

  /**
   * The host's TLSA records ({@code _25._tcp.HOSTNAME}): exactly {@code data} (its served key's,
   * then its next key's), written only when the zone is DNSSEC-signed; with {@code data} empty the
   * keys could not be read ({@code why}) and nothing changes.
   */
  record Tlsa(Subject subject, String name, List<String> data, String why) implements WantedRecord {
    public Tlsa {
      data = List.copyOf(data);
    }

    public String check() {
      return "dns-tlsa";
    }

    public String kind() {
      return "TLSA";
    }
  }
}
