package dev.mailpush.report;

/**
 * What a check is about: a virtual domain, an inventory host, or a domain as one host serves it
 * (its DKIM key, say). At least one of the two is set.
 *
 * @param domain the virtual domain, or {@code null}
 * @param host the inventory host name, or {@code null}
 */
public record Subject(String domain, String host) {
  public Subject {
    if (domain == null && host == null) {
      throw new IllegalArgumentException("a check is about a domain, a host or both");
    }
  }

  public static Subject domain(String domain) {
    return new Subject(domain, null);
  }

  public static Subject host(String host) {
    return new Subject(null, host);
  }

  public static Subject of(String domain, String host) {
    return new Subject(domain, host);
  }
}
