package dev.mailpush.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step, not a test: writes one AsciiDoc man page per visible command from the same command
 * tree users get ({@link Main#commandLine()}, with the help command's example), for asciidoctor's
 * manpage backend to turn into troff. Kept with the tests because picocli-codegen is needed only at
 * build time, never in the jar. The pom runs it (exec-maven-plugin) before the tests, which check
 * its output.
 *
 * <p>Arguments: the directory of all generated pages, the directory asciidoctor converts, and the
 * directory of the troff pages. Only pages whose AsciiDoc changed (or whose troff is missing) are
 * handed to asciidoctor: its JRuby takes about ten seconds to start, and the asciidoctor plugin
 * skips a missing source directory without starting it, so a build that changed no help text stays
 * as fast as before.
 */
public final class ManPageSources {
  private ManPageSources() {}

  public static void main(String[] args) throws IOException {
    Path all = Path.of(args[0]);
    Path changed = Path.of(args[1]);
    Path troff = Path.of(args[2]);
    Path fresh = Files.createTempDirectory("mailpush-man-adoc");
    try {
      // No template directory; verbosity off; overwrite.
      int status =
          ManPageGenerator.generateManPage(
              fresh.toFile(), null, new boolean[0], true, Main.commandLine().getCommandSpec());
      if (status != 0) {
        throw new IOException("picocli's ManPageGenerator failed with status " + status);
      }
      deleteTree(changed);
      Files.createDirectories(all);
      List<String> pages = new ArrayList<>();
      for (Path page : list(fresh)) {
        String name = page.getFileName().toString();
        pages.add(name.replaceFirst("\\.adoc$", ".1"));
        Path previous = all.resolve(name);
        boolean same =
            Files.exists(previous)
                && Files.mismatch(previous, page) == -1
                && Files.exists(troff.resolve(name.replaceFirst("\\.adoc$", ".1")));
        if (!same) {
          Files.createDirectories(changed);
          Files.copy(page, changed.resolve(name));
          Files.copy(page, previous, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      // A removed command's page must not linger in the jar.
      if (Files.isDirectory(troff)) {
        for (Path old : list(troff)) {
          if (!pages.contains(old.getFileName().toString())) {
            Files.delete(old);
          }
        }
      }
      System.out.println(
          "man pages: "
              + (Files.isDirectory(changed) ? list(changed).size() : 0)
              + " of "
              + pages.size()
              + " changed");
    } finally {
      deleteTree(fresh);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
