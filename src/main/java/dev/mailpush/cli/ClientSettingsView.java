package dev.mailpush.cli;

import dev.mailpush.verify.ClientSettings;
import java.io.PrintWriter;

/** The settings a mail client needs, as {@code verify} prints them after each host's checks. */
final class ClientSettingsView {
  private ClientSettingsView() {}

  static void human(PrintWriter out, ClientSettings s) {
    out.println("mail client settings for " + s.host() + ":");
    for (ClientSettings.Service svc : s.services()) {
      out.printf(
          "  %-9s %-11s server %s  port %-4d %-8s%s%n",
          svc.kind(),
          svc.protocol(),
          s.server(),
          svc.port(),
          svc.security(),
          svc.preferred() ? "" : "  (alternative)");
    }
    out.println(
        "  username  the local user name, not the e-mail address"
            + (s.usernames().isEmpty() ? "" : ": " + String.join(", ", s.usernames())));
    out.println("  password  that user's password (normal password authentication)");
    out.println();
  }

  static String json(ClientSettings s) {
    return JsonLine.of(
        g -> {
          g.writeStringField("type", "client-settings");
          g.writeStringField("host", s.host());
          g.writeStringField("server", s.server());
          g.writeArrayFieldStart("services");
          for (ClientSettings.Service svc : s.services()) {
            g.writeStartObject();
            g.writeStringField("kind", svc.kind());
            g.writeStringField("protocol", svc.protocol());
            g.writeNumberField("port", svc.port());
            g.writeStringField("security", svc.security());
            g.writeBooleanField("preferred", svc.preferred());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("username_form", "local user name");
          g.writeArrayFieldStart("usernames");
          for (String u : s.usernames()) {
            g.writeString(u);
          }
          g.writeEndArray();
        });
  }
}
