package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.report.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What each host's status was at the last {@value #KEPT} runs of {@code status}: the queue size and
 * the fullest mail disk, for the status page's chart. One small file per host name under {@code
 * STATE/status/}, rewritten whole (write then rename), so a run cut short leaves the old one.
 */
public final class StatusHistory {
  public static final int KEPT = 60;

  /** One status run of one host; a value is empty where the host did not report it. */
  public record Sample(Instant at, OptionalInt queue, OptionalInt diskPercent) {
    /** The sample in a host's checks: the queue's count, the highest disk-* percentage. */
    public static Sample of(Instant at, List<Check> checks) {
      OptionalInt queue = OptionalInt.empty();
      OptionalInt disk = OptionalInt.empty();
      for (Check c : checks) {
        OptionalInt value = number(c.found());
        if (c.check().equals("queue")) {
          queue = value;
        } else if (c.check().startsWith("disk-") && value.isPresent()) {
          disk = OptionalInt.of(Math.max(disk.orElse(0), value.getAsInt()));
        }
      }
      return new Sample(at, queue, disk);
    }
  }

  private final Path dir;

  StatusHistory(Path dir) {
    this.dir = dir;
  }

  /** The samples of {@code hostname}, oldest first; none before its first status run. */
  public List<Sample> read(String hostname) {
    Path file = file(hostname);
    List<Sample> samples = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f.length == 3) {
          try {
            samples.add(new Sample(Instant.parse(f[0]), number(f[1]), number(f[2])));
          } catch (DateTimeParseException e) {
            // a line damaged by hand: the others still chart
          }
        }
      }
    } catch (NoSuchFileException e) {
      return samples;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    return samples;
  }

  /** Adds {@code sample} to the history of {@code hostname}; returns the history kept. */
  public List<Sample> append(String hostname, Sample sample) {
    List<Sample> samples = new ArrayList<>(read(hostname));
    samples.add(sample);
    List<Sample> kept = samples.subList(Math.max(0, samples.size() - KEPT), samples.size());
    StringBuilder text = new StringBuilder();
    for (Sample s : kept) {
      text.append(s.at())
          .append('\t')
          .append(field(s.queue()))
          .append('\t')
          .append(field(s.diskPercent()))
          .append('\n');
    }
    Path file = file(hostname);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".status-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MailpushException(
          "cannot write the status history " + file + ": " + e.getMessage(),
          "make the directory writable, or set MAILPUSH_STATE_DIR to one that is");
    }
    return List.copyOf(kept);
  }

  private Path file(String hostname) {
    // Host names are DNS names (checked by the inventory), so they are safe file names.
    return dir.resolve(hostname + ".tsv");
  }

  private static MailpushException unreadable(Path file, IOException e) {
    return new MailpushException(
        "cannot read the status history " + file + ": " + e.getMessage(),
        "remove the file: the history starts again");
  }

  private static String field(OptionalInt value) {
    return value.isPresent() ? String.valueOf(value.getAsInt()) : "-";
  }

  private static OptionalInt number(String text) {
    if (text == null || !text.matches("-?\\d{1,9}")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(text));
  }
}
