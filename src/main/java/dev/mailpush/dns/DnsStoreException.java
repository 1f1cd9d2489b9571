package dev.mailpush.dns;

/** A record store that could not be read or would not take an update, with what to do about it. */
public final class DnsStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String fix;

  public DnsStoreException(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  public String fix() {
    return fix;
  }
}
