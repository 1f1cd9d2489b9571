package dev.mailpush.playbook;

import dev.mailpush.engine.Handler;
import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Task;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.ssh.Secret;
import dev.mailpush.tasks.CommandTask;
import dev.mailpush.tasks.ConditionalTask;
import dev.mailpush.tasks.ConfigTask;
import dev.mailpush.tasks.DirectoryTask;
import dev.mailpush.tasks.FileSpec;
import dev.mailpush.tasks.FileTask;
import dev.mailpush.tasks.PackagesTask;
import dev.mailpush.tasks.ReportTask;
import dev.mailpush.tasks.ServiceTask;
import dev.mailpush.tasks.UserTask;
import dev.mailpush.tasks.VersionCondition;
import dev.mailpush.tls.AcmeCertificateTask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.tomlj.TomlTable;

/**
 * Binds a playbook to one host: evaluates {@code when}, expands loops, renders every string and
 * template against the host's inventory model, and builds the tasks. Runs for every host before any
 * connection, so a template error stops the run with nothing touched.
 */
public final class PlaybookCompiler {
  private PlaybookCompiler() {}

  public static Play compile(Playbook playbook, HostConfig host) {
    Map<String, Object> model = host.model();
    Map<String, String> templateCache = new HashMap<>();
    List<PlayTask> tasks = new ArrayList<>();
    for (TaskSpec spec : playbook.tasks()) {
      String where = spec.where();
      if (!spec.when().stream().allMatch(c -> When.holds(c.expression(), model, c.where()))) {
        continue;
      }
      for (Object item : items(spec, model, where)) {
        Map<String, Object> scope = new HashMap<>(model);
        if (item != null) {
          scope.put("item", item);
        }
        for (Task task : bind(playbook, spec, scope, host, templateCache)) {
          Task guarded =
              spec.whenVersion() == null
                  ? task
                  : new ConditionalTask(task, VersionCondition.parse(spec.whenVersion()));
          tasks.add(new PlayTask(guarded, spec.notifies()));
        }
      }
    }
    List<Handler> handlers = playbook.handlers().stream().map(PlaybookCompiler::handler).toList();
    return new Play(playbook.name(), tasks, handlers);
  }

  /**
   * The task(s) of one spec in one scope. Its variables are bound first; when some depend on
   * installed versions, the task is compiled once per set of values they can take and planned as
   * the one the host's facts pick.
   */
  private static List<Task> bind(
      Playbook playbook,
      TaskSpec spec,
      Map<String, Object> scope,
      HostConfig host,
      Map<String, String> templateCache) {
    BoundVars vars = BoundVars.bind(spec.vars(), scope, spec.where());
    List<Map<String, Object>> variants = vars.variants();
    List<List<Task>> compiled = new ArrayList<>();
    for (Map<String, Object> values : variants) {
      Map<String, Object> withVars = new HashMap<>(scope);
      withVars.putAll(values);
      compiled.add(new Binder(playbook, spec, withVars, spec.where(), templateCache).tasks(host));
    }
    if (variants.size() == 1) {
      return compiled.get(0);
    }
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < compiled.get(0).size(); i++) {
      Map<Map<String, Object>, Task> byValues = new HashMap<>();
      Set<String> names = new java.util.LinkedHashSet<>();
      for (int v = 0; v < variants.size(); v++) {
        Task t = compiled.get(v).get(i);
        byValues.put(variants.get(v), t);
        names.add(t.name());
      }
      if (names.size() > 1) {
        throw new PlaybookException(
            spec.where(),
            "the name of task \""
                + spec.name()
                + "\" depends on a variable"
                + " decided by when_version (it would be "
                + String.join(" or ", names.stream().map(n -> "\"" + n + "\"").toList())
                + ")",
            "the name is shown before the host's versions are known: leave version-dependent"
                + " variables out of it");
      }
      out.add(new VersionedTask(names.iterator().next(), vars, byValues));
    }
    return out;
  }

  private static List<Object> items(TaskSpec spec, Map<String, Object> model, String where) {
    if (spec.loopOver() != null) {
      Object value = Model.lookup(model, spec.loopOver(), where);
      if (!(value instanceof List<?> list)) {
        throw new PlaybookException(
            where,
            "loop_over = \"" + spec.loopOver() + "\" is not a list",
            "loop over a list such as mail.virtual_domains or mail.virtual_addresses");
      }
      return List.copyOf(list);
    }
    if (!spec.loop().isEmpty()) {
      return List.copyOf(spec.loop());
    }
    if (spec.loopCount() > 0) {
      return IntStream.rangeClosed(1, spec.loopCount()).boxed().map(Object.class::cast).toList();
    }
    List<Object> once = new ArrayList<>();
    once.add(null);
    return once;
  }

  private static Handler handler(HandlerSpec h) {
    List<String> argv =
        h.service() != null ? List.of("systemctl", h.action(), h.service()) : h.command();
    return new Handler(h.name(), argv);
  }

  /** Shells whose {@code -c} argument is a script rather than a plain argument. */
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash");

  /** Renders one task's parameters in one scope (host model plus loop item). */
  private static final class Binder {
    private final Playbook playbook;
    private final TaskSpec spec;
    private final Map<String, Object> scope;
    private final String where;
    private final Map<String, String> templateCache;

    Binder(
        Playbook playbook,
        TaskSpec spec,
        Map<String, Object> scope,
        String where,
        Map<String, String> cache) {
      this.playbook = playbook;
      this.spec = spec;
      this.scope = scope;
      this.where = where;
      this.templateCache = cache;
    }

    /** Usually one task; {@code mail_users} makes one per inventory user. */
    List<Task> tasks(HostConfig host) {
      if (spec.action().equals("mail_users")) {
        // Hashes are kept out of the template model on purpose: they come straight from the
        // inventory.
        return host.mail().users().values().stream()
            .<Task>map(
                u ->
                    new UserTask(
                        "mail user " + u.name(),
                        u.name(),
                        "/usr/sbin/nologin",
                        true,
                        Optional.of(new Secret(u.passwordHash())),
                        true))
            .toList();
      }
      if (spec.action().equals("acme_certificate")) {
        return List.of(AcmeCertificateTask.forHost(str(spec.name()), host));
      }
      return List.of(task());
    }

    Task task() {
      TomlTable t = spec.table();
      String name = str(spec.name());
      try {
        return switch (spec.action()) {
          // A package rendered to "" (an optional part switched off) is dropped.
          case "packages" ->
              new PackagesTask(
                  name, strings("packages").stream().filter(n -> !n.isBlank()).toList());
          case "file" -> new FileTask(name, file(spec.files().get(0)));
          case "files" ->
              new ConfigTask(
                  name, spec.files().stream().map(this::file).toList(), strings("validate"));
          case "directory" ->
              new DirectoryTask(
                  name,
                  str(t.getString("directory")),
                  t.getString("mode", () -> "0755"),
                  opt(t, "owner"),
                  opt(t, "group"));
          case "service" ->
              new ServiceTask(
                  name,
                  str(t.getString("service")),
                  !"stopped".equals(t.getString("state", () -> "running")),
                  !Boolean.FALSE.equals(t.getBoolean("enabled")));
          case "report" -> new ReportTask(name, str(t.getString("report")));
          case "user" ->
              new UserTask(
                  name,
                  str(t.getString("user")),
                  t.getString("shell", () -> "/bin/bash"),
                  false,
                  Optional.ofNullable(opt(t, "password_hash")).map(Secret::new));
          case "command" ->
              new CommandTask(
                  name,
                  command(),
                  Optional.ofNullable(opt(t, "creates")),
                  Optional.ofNullable(t.getString("unless")).map(u -> shell(u, "unless")));
          default -> throw new IllegalStateException("unknown action " + spec.action());
        };
      } catch (IllegalArgumentException e) {
        throw new PlaybookException(where, "task \"" + name + "\": " + e.getMessage(), "");
      }
    }

    private FileSpec file(FileEntry f) {
      String content;
      if (f.template() != null) {
        String templateName = str(f.template());
        String text =
            templateCache.computeIfAbsent(
                templateName,
                n ->
                    playbook
                        .source()
                        .read(n)
                        .orElseThrow(
                            () ->
                                new PlaybookException(
                                    where,
                                    "template " + playbook.source().describe(n) + " not found",
                                    "template paths are relative to the playbook's directory")));
        content = Templates.render(playbook.source().describe(templateName), text, scope);
      } else {
        content = str(f.content());
      }
      return new FileSpec(
          str(f.path()),
          content.getBytes(StandardCharsets.UTF_8),
          f.mode(),
          f.owner() == null ? null : str(f.owner()),
          f.group() == null ? null : str(f.group()),
          f.secret());
    }

    private String opt(TomlTable t, String key) {
      String v = t.getString(key);
      return v == null ? null : str(v);
    }

    private List<String> strings(String key) {
      List<String> out = new ArrayList<>();
      var arr = spec.table().getArray(key);
      if (arr == null) {
        return out;
      }
      for (int i = 0; i < arr.size(); i++) {
        out.add(str(String.valueOf(arr.get(i))));
      }
      return out;
    }

    /**
     * A command's argv. Each element is one argument (the transport quotes it), except the script
     * of {@code sh -c SCRIPT ...}, which a shell parses: values in it are rendered as quoted words.
     */
    private List<String> command() {
      List<String> raw = new ArrayList<>();
      var arr = spec.table().getArray("command");
      for (int i = 0; arr != null && i < arr.size(); i++) {
        raw.add(String.valueOf(arr.get(i)));
      }
      boolean script =
          raw.size() > 2
              && SHELLS.contains(raw.get(0).substring(raw.get(0).lastIndexOf('/') + 1))
              && raw.get(1).matches("-[A-Za-z]*c[A-Za-z]*");
      List<String> out = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        out.add(script && i == 2 ? shell(raw.get(i), "the script of command") : str(raw.get(i)));
      }
      return out;
    }

    private String shell(String template, String what) {
      return template.contains("{{")
          ? Templates.renderShell(where, what, template, scope)
          : template;
    }

    private String str(String template) {
      return template.contains("{{") ? Templates.render(where, template, scope) : template;
    }
  }
}
