package dev.mailpush.tasks;

import dev.mailpush.MailpushException;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The desired state of one managed file.
 *
 * @param owner user name, {@code null} for root
 * @param group group name, {@code null} for the owner's group (then the group is not compared)
 * @param secret the content must never be shown (keys, password files)
 */
public record FileSpec(
    String path, byte[] content, String mode, String owner, String group, boolean secret) {
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");

  public FileSpec {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (!path.startsWith("/") || path.contains("\n") || path.endsWith("/")) {
      throw new IllegalArgumentException("path (\"" + path + "\") must be an absolute file path");
    }
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("mode (\"" + mode + "\") must be octal like \"0644\"");
    }
    mode = mode.length() == 3 ? "0" + mode : mode;
  }

  String effectiveOwner() {
    return owner == null ? "root" : owner;
  }

  Step.WriteFile write(boolean keepPrevious) {
    return new Step.WriteFile(path, content, mode, effectiveOwner(), group, keepPrevious);
  }

  Plan.ManagedFile managed() {
    return new Plan.ManagedFile(path, content, secret);
  }

  /** What differs between this spec and the host; empty when the file is already right. */
  Drift drift(PathState state) {
    if (state instanceof PathState.Missing) {
      return Drift.CONTENT;
    }
    if (state instanceof PathState.RegularFile f) {
      if (!f.sha256().equals(sha256(content))) {
        return Drift.CONTENT;
      }
      boolean ownerDiffers =
          !f.owner().equals(effectiveOwner()) || group != null && !f.group().equals(group);
      return !f.mode().equals(mode) || ownerDiffers ? Drift.METADATA : Drift.NONE;
    }
    throw new MailpushException(
        path
            + " exists but is not a regular file ("
            + (state instanceof PathState.Directory
                ? "a directory"
                : ((PathState.Other) state).type())
            + ")",
        "mailpush will not replace it: move it away and run again");
  }

  /** Commands that fix mode and owner without rewriting content. */
  List<Step> fixMetadata() {
    List<Step> steps = new ArrayList<>();
    steps.add(Commands.root("chmod " + mode + " " + path, "chmod", mode, "--", path));
    steps.add(Commands.root("chown " + ownership() + " " + path, "chown", ownership(), "--", path));
    return steps;
  }

  private String ownership() {
    return effectiveOwner() + ":" + (group == null ? "" : group);
  }

  static String sha256(byte[] content) {
    return Sha256.hex(content);
  }

  enum Drift {
    NONE,
    METADATA,
    CONTENT
  }
}
