package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.commons.codec.digest.Sha2Crypt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush hash-password}: a SHA-512-crypt hash for {@code password_hash}, from stdin or a
 * prompt.
 */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description =
        "Read a password (prompted twice on a terminal, else the first line of stdin) and print its "
            + "SHA-512-crypt hash for password_hash in the inventory.",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush hash-password", "  printf '%%s\\n' \"$PW\" | mailpush hash-password"})
final class HashPasswordCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    char[] password = read();
    if (password == null || password.length == 0) {
      throw new UsageException("no password given", "type it at the prompt, or pipe it on stdin");
    }
    byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
    Arrays.fill(password, '\0');
    spec.commandLine().getOut().println(Sha2Crypt.sha512Crypt(bytes));
    Arrays.fill(bytes, (byte) 0);
    return ExitCode.OK;
  }

  private static char[] read() throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password: ");
      char[] second = console.readPassword("Again: ");
      if (first == null || !Arrays.equals(first, second)) {
        throw new UsageException("the two passwords differ", "run it again");
      }
      return first;
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? null : line.toCharArray();
  }
}
