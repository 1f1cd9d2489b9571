package dev.mailpush.dkim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The pure state machine of {@code dkim rotate} for one domain of one host: from what the host
 * keeps ({@link DomainKeys}) and what DNS answers, the next {@link RotationStep}. Signing switches
 * only to a key whose record was seen with that key, so no mail is ever signed with a key DNS does
 * not publish.
 */
public final class RotationPlanner {
  private RotationPlanner() {}

  /** Whether DNS answers with a key's record, as the name servers asked said. */
  public sealed interface Visibility {
    record Visible() implements Visibility {}

    record NotVisible(String reason) implements Visibility {}
  }

  /**
   * What the run knows when it decides.
   *
   * @param keys the domain's keys on the host
   * @param visibility the pending key's record as DNS answers it (asked only when one is pending)
   * @param canPublish whether [dns] lets mailpush publish the record itself
   * @param published whether this run already sent the pending key's record
   * @param mayStart whether a new rotation may start (only as a run's first step: a run that
   *     finished one does not begin the next)
   */
  public record Input(
      DomainKeys keys,
      Visibility visibility,
      boolean canPublish,
      boolean published,
      boolean mayStart,
      Instant now,
      Duration grace,
      String newSelector) {}

  public static RotationStep next(Input in) {
    DkimState state = in.keys().state();
    if (state.pending().isPresent()) {
      String p = state.pending().get();
      Optional<String> value =
          in.keys().record(p).map(RotationPlanner::value).filter(v -> !v.isEmpty());
      if (value.isEmpty()) {
        return new RotationStep.Broken(
            "the pending key " + p + " has no record file (" + p + ".txt) on the host",
            "remove the line \"pending "
                + p
                + "\" from "
                + DkimState.path("DOMAIN")
                + " and run dkim rotate again: it makes a new key");
      }
      if (in.visibility() instanceof RotationPlanner.Visibility.Visible) {
        return new RotationStep.Switch(in.keys().signing(), p);
      }
      String reason = ((Visibility.NotVisible) in.visibility()).reason();
      if (in.canPublish() && !in.published()) {
        return new RotationStep.Publish(p, value.get());
      }
      return new RotationStep.WaitForRecord(p, value.get(), reason);
    }
    if (state.retiring().isPresent()) {
      DkimState.Retiring r = state.retiring().get();
      Instant until = r.switched().plus(in.grace());
      return in.now().isBefore(until)
          ? new RotationStep.WaitForGrace(r.selector(), until)
          : new RotationStep.Retire(r.selector());
    }
    if (!in.mayStart()) {
      return new RotationStep.Done();
    }
    return new RotationStep.Generate(in.newSelector());
  }

  /** The joined strings of a record file (opendkim-genkey's zone fragment). */
  static String value(String fileText) {
    StringBuilder out = new StringBuilder();
    boolean inside = false;
    for (int i = 0; i < fileText.length(); i++) {
      char c = fileText.charAt(i);
      if (c == '"') {
        inside = !inside;
      } else if (inside) {
        out.append(c);
      }
    }
    return out.toString().strip();
  }

  /**
   * A selector for a key made on {@code day}: {@code mpYYYYMMDD}, with the host's name when others
   * serve the domain too (each host has its own key), and a letter when the host has it already.
   */
  public static String newSelector(LocalDate day, String host, boolean shared, Set<String> taken) {
    String base = "mp" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
    if (shared) {
      String label = host.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      base = (base + "-" + label).replaceAll("-+$", "");
      if (base.length() > 60) {
        base = base.substring(0, 60).replaceAll("-+$", "");
      }
    }
    Set<String> used = new HashSet<>(taken);
    String s = base;
    for (char c = 'b'; used.contains(s); c++) {
      if (c > 'z') {
        throw new IllegalStateException("no free selector for " + base);
      }
      s = base + c;
    }
    return DkimState.requireSelector(s);
  }

  /** The day of {@code now} in UTC, for {@link #newSelector}. */
  public static LocalDate day(Instant now) {
    return now.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
