package dev.mailpush.tasks;

import dev.mailpush.MailpushException;
import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PathState;
import java.util.List;
import java.util.Set;

/** A directory with a mode and owner ({@code owner}/{@code group} null mean root). */
public record DirectoryTask(String name, String path, String mode, String owner, String group)
    implements Task {

  @Override
  public FactQuery needs() {
    return FactQuery.paths(Set.of(path));
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    String o = owner == null ? "root" : owner;
    String g = group == null ? o : group;
    PathState state = facts.path(path);
    if (state instanceof PathState.Missing) {
      return Plan.Changes.of(
          Commands.root(
              "create directory " + path + " (" + mode + ")",
              "install",
              "-d",
              "-m",
              mode,
              "-o",
              o,
              "-g",
              g,
              "--",
              path));
    }
    if (state instanceof PathState.Directory d) {
      if (d.mode().equals(mode) && d.owner().equals(o) && (group == null || d.group().equals(g))) {
        return new Plan.NoChange(path + " exists with mode " + mode + " and owner " + o);
      }
      return new Plan.Changes(
          List.of(
              Commands.root("chmod " + mode + " " + path, "chmod", mode, "--", path),
              Commands.root("chown " + o + ":" + g + " " + path, "chown", o + ":" + g, "--", path)),
          List.of());
    }
    throw new MailpushException(
        path + " exists and is not a directory", "move it away and run again");
  }
}
