package dev.mailpush.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.engine.PlayTask;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.playbook.CompiledTasks;
import dev.mailpush.playbook.PlaybookCompiler;
import dev.mailpush.tasks.ConfigTask;
import dev.mailpush.tasks.FileSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert timer checks the same services as {@code mailpush status}: the units in the host's
 * alerts.conf (from {@code play.services}) are exactly {@link FactGathering#services}.
 */
class AlertSettingsTest {
  @TempDir Path dir;

  @Test
  void alertsCheckTheServicesStatusChecks() throws Exception {
    for (String mail :
        List.of(
            "enable_greylisting = true\nenable_antispam = true",
            "enable_antispam = false\nenable_fail2ban = false\nenable_dmarc_check = false")) {
      Path file =
          Files.writeString(
              dir.resolve("inventory.toml"),
              "[mail]\n"
                  + mail
                  + "\nvirtual_domains = [\"example.com\"]\n"
                  + "[mail.virtual_addresses]\n\"alice@example.com\" = \"alice\"\n"
                  + "[alerts]\n"
                  + "[hosts.mx1]\naddress = \"203.0.113.10\"\nhostname = \"mail.example.com\"\n");
      HostConfig host = new InventoryLoader(dir).load(file).hosts().get(0);
      String conf =
          PlaybookCompiler.compile(Playbooks.mailserver(), host).tasks().stream()
              .map(PlayTask::task)
              .flatMap(t -> CompiledTasks.candidates(t).stream())
              .filter(ConfigTask.class::isInstance)
              .flatMap(t -> ((ConfigTask) t).files().stream())
              .filter(f -> f.path().equals("/etc/mailpush/alerts.conf"))
              .map(FileSpec::content)
              .map(b -> new String(b, StandardCharsets.UTF_8))
              .findFirst()
              .orElseThrow();
      assertThat(conf).contains("\nunits=" + String.join(" ", FactGathering.services(host)) + "\n");
    }
  }
}
