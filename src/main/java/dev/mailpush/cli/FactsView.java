package dev.mailpush.cli;

import dev.mailpush.MailpushException;
import dev.mailpush.api.HostFactsResult;
import dev.mailpush.api.MailboxUsage;
import dev.mailpush.distro.Distro;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PackageState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@code facts} shows each host: a few lines for people, one JSON object for scripts, then a
 * recap.
 */
final class FactsView {
  private FactsView() {}

  static void human(PrintWriter out, HostFactsResult r) {
    if (r.facts().isEmpty()) {
      out.println(r.host().name() + ": UNREACHABLE " + r.error());
      return;
    }
    HostFacts f = r.facts().get();
    out.println(
        r.host().name() + " (" + r.host().address() + "): " + f.os().prettyName() + supported(f));
    out.println("  packages: " + packages(r, f));
    out.println(
        "  services: "
            + String.join(", ", r.services().stream().map(s -> s + "=" + service(f, s)).toList()));
    if (!r.mailboxes().isEmpty()) {
      out.println(
          "  mailboxes: "
              + String.join(", ", r.mailboxes().stream().map(FactsView::usage).toList()));
    }
  }

  /** "alice 12.5 MiB of 2.0 GiB (0 %)", or "bob 3.0 MiB (no limit)". */
  private static String usage(MailboxUsage m) {
    String used = mib(m.usedKib());
    return m.limitKib().isPresent()
        ? m.user() + " " + used + " of " + mib(m.limitKib().get()) + " (" + m.percent() + " %)"
        : m.user() + " " + used + " (no limit)";
  }

  private static String mib(long kib) {
    if (kib < 1024) {
      return kib + " KiB";
    }
    double mib = kib / 1024.0;
    return mib < 1024
        ? String.format(java.util.Locale.ROOT, "%.1f MiB", mib)
        : String.format(java.util.Locale.ROOT, "%.1f GiB", mib / 1024);
  }

  static String json(HostFactsResult r) {
    return JsonLine.of(
        g -> {
          g.writeStringField("type", "facts");
          g.writeStringField("host", r.host().name());
          if (r.facts().isEmpty()) {
            g.writeBooleanField("unreachable", true);
            g.writeStringField("error", r.error());
            return;
          }
          HostFacts f = r.facts().get();
          g.writeStringField("os_id", f.os().id());
          g.writeStringField("os_version", f.os().versionId());
          g.writeStringField("os_name", f.os().prettyName());
          g.writeObjectFieldStart("packages");
          for (Map.Entry<String, String> e : packages(r, f).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeObjectFieldStart("services");
          for (String s : r.services()) {
            g.writeStringField(s, service(f, s));
          }
          g.writeEndObject();
          g.writeObjectFieldStart("mailboxes");
          for (MailboxUsage m : r.mailboxes()) {
            g.writeObjectFieldStart(m.user());
            g.writeNumberField("used_kib", m.usedKib());
            if (m.limitKib().isPresent()) {
              g.writeNumberField("limit_kib", m.limitKib().get());
              g.writeNumberField("percent", m.percent());
            }
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  static String recap(List<HostFactsResult> results) {
    return JsonLine.of(
        g -> {
          g.writeStringField("type", "recap");
          g.writeObjectFieldStart("hosts");
          for (HostFactsResult r : results) {
            g.writeObjectFieldStart(r.host().name());
            g.writeNumberField("ok", r.reached() ? 1 : 0);
            g.writeNumberField("changed", 0);
            g.writeNumberField("failed", 0);
            g.writeBooleanField("unreachable", !r.reached());
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  private static String supported(HostFacts facts) {
    try {
      Distro.detect(facts.os());
      return "";
    } catch (MailpushException e) {
      return " (unsupported)";
    }
  }

  private static Map<String, String> packages(HostFactsResult r, HostFacts facts) {
    Map<String, String> m = new TreeMap<>();
    for (String p : r.packages()) {
      m.put(p, facts.pkg(p) instanceof PackageState.Installed i ? i.version() : "absent");
    }
    return m;
  }

  private static String service(HostFacts f, String unit) {
    return f.service(unit).exists() ? f.service(unit).active() : "absent";
  }
}
