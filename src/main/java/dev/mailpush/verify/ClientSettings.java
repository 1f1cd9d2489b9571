package dev.mailpush.verify;

import java.util.List;

/**
 * What a mail client needs: server, ports and security, and the login name (the local user name).
 */
public record ClientSettings(
    String host, String server, List<Service> services, List<String> usernames) {
  public ClientSettings {
    services = List.copyOf(services);
    usernames = List.copyOf(usernames);
  }

  /**
   * @param security {@code SSL/TLS} or {@code STARTTLS}
   */
  public record Service(
      String kind, String protocol, int port, String security, boolean preferred) {}

  public static ClientSettings of(Target t) {
    List<Service> services =
        new java.util.ArrayList<>(
            List.of(
                new Service("incoming", "IMAP", 993, "SSL/TLS", true),
                new Service("incoming", "IMAP", 143, "STARTTLS", false),
                new Service("outgoing", "SMTP", 465, "SSL/TLS", true),
                new Service("outgoing", "SMTP", 587, "STARTTLS", false)));
    if (t.managesieve()) {
      services.add(new Service("filters", "ManageSieve", 4190, "STARTTLS", true));
    }
    return new ClientSettings(t.host(), t.hostname(), services, t.users());
  }
}
