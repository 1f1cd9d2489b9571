package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import dev.mailpush.inventory.InventoryLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush init}: a commented starter inventory from a few flags. The result is checked with
 * the real inventory loader before it is written, and an existing file is never overwritten.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Write a commented starter inventory (never overwrites an existing file).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush init inventory.toml --hostname mail.example.com \\",
      "      --address 203.0.113.10 --domain example.com --domain example.org \\",
      "      --user alice",
      "  mailpush init site.toml --hostname mail.example.com \\",
      "      --address mx1.example.net --domain example.com --ssh-user admin"
    })
final class InitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Inventory file to create.")
  Path file;

  @Option(
      names = "--hostname",
      required = true,
      paramLabel = "FQDN",
      description = "The mail server's name: MX target, reverse DNS, certificate name.")
  String hostname;

  @Option(
      names = "--address",
      required = true,
      paramLabel = "HOST",
      description = "Where to SSH: the server's IP address or a resolvable name.")
  String address;

  @Option(
      names = "--domain",
      required = true,
      paramLabel = "DOMAIN",
      description = "A domain to receive mail for (repeat for several).")
  List<String> domains;

  @Option(
      names = "--user",
      defaultValue = "postmaster",
      paramLabel = "NAME",
      description = "The local user who reads the domains' mail (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--ssh-user",
      defaultValue = "root",
      paramLabel = "NAME",
      description = "The SSH login; not root means sudo (default: ${DEFAULT-VALUE}).")
  String sshUser;

  @Option(
      names = "--name",
      defaultValue = "mx1",
      paramLabel = "NAME",
      description = "The host's name in the inventory (default: ${DEFAULT-VALUE}).")
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(file)) {
      throw new UsageException(
          file + " already exists; mailpush init never overwrites a file",
          "choose another name, or edit the existing inventory");
    }
    String text =
        StarterInventory.render(
            name,
            address,
            hostname.toLowerCase(java.util.Locale.ROOT),
            domains.stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList(),
            user,
            sshUser);
    check(text);
    try {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new UsageException(
          file + " already exists; mailpush init never overwrites a file", "choose another name");
    }
    out.println("wrote " + file);
    out.println("next: set password_hash (mailpush hash-password), check known_hosts, then:");
    out.println("  mailpush deploy " + file + " --check --diff");
    return ExitCode.OK;
  }

  /** The starter must load as it is: a bad flag is reported as the loader would report it. */
  private void check(String text) throws IOException {
    Path probe = Files.createTempFile("mailpush-init", ".toml");
    try {
      Files.writeString(
          probe,
          text.replace(
              "password_hash = \"$6$replace-me\"",
              "password_hash = \""
                  + org.apache.commons.codec.digest.Sha2Crypt.sha512Crypt(new byte[] {0})
                  + "\""),
          StandardCharsets.UTF_8);
      new InventoryLoader().load(probe);
    } catch (dev.mailpush.inventory.InventoryException e) {
      throw new UsageException(
          "these values do not make a valid inventory:\n"
              + e.getMessage().replace(probe.toString(), "(flags)"),
          "fix the flag the message names");
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
