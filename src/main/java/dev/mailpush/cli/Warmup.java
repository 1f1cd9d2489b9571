package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.Playbooks;
import dev.mailpush.api.RunContext;
import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunEvent;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.TaskOutcome;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.playbook.PlaybookCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a real run loads, exercised without touching any host: inventory, the built-in playbook, the
 * SSH client up to a refused connection, both renderers.
 */
final class Warmup {
  private Warmup() {}

  static void run() throws IOException {
    Path dir = Files.createTempDirectory("mailpush-warmup");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    try {
      Path inventory = dir.resolve("inventory.toml");
      Files.writeString(
          inventory,
          """
          [ssh]
          user = "root"
          known_hosts = "%s"
          connect_timeout = 2
          [mail]
          virtual_domains = ["example.com"]
          [mail.virtual_addresses]
          "postmaster@example.com" = "alice"
          [hosts.warmup]
          address = "127.0.0.1"
          hostname = "mail.example.com"
          [hosts.warmup.ssh]
          port = %d
          """
              .formatted(dir.resolve("known_hosts"), port));
      Mailpush mailpush = new Mailpush(RunContext.system());
      Inventory inv = mailpush.load(inventory);
      var play = PlaybookCompiler.compile(Playbooks.mailserver(), inv.hosts().get(0));
      // Refused, as intended: the connect path is loaded now.
      mailpush.facts(inv.hosts());
      HostSummary summary =
          new HostSummary(
              "warmup", play.tasks().size(), 0, 0, 0, false, false, "", Duration.ZERO, 2, 0);
      for (Renderer r :
          List.<Renderer>of(
              new JsonRenderer(new PrintWriter(new StringWriter())),
              new HumanRenderer(
                  new PrintWriter(new StringWriter()),
                  new PrintWriter(new StringWriter()),
                  Terminal.plain()))) {
        r.begin(play.name(), 1, RunOptions.defaults());
        r.accept(
            new RunEvent.TaskFinished(
                "warmup", "task", false, new TaskOutcome.Ok("ok"), Duration.ZERO));
        r.accept(new RunEvent.HostFinished(summary));
        r.recap(List.of(summary));
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
