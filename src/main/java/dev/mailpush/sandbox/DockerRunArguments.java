package dev.mailpush.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SystemdContainer} rendered for the docker CLI: each setting becomes its {@code docker
 * run} flag. The tests' {@code TargetHost} renders the same settings for docker-java instead, which
 * is why the definition itself knows neither.
 */
final class DockerRunArguments implements SystemdContainer.Settings {
  // --detach first: the sandbox and the bench start targets in the background and wait for sshd.
  private final List<String> args = new ArrayList<>(List.of("--detach"));

  private DockerRunArguments() {}

  /** The arguments of {@code docker run} (after {@code run}): detached, image and command last. */
  static List<String> of(SystemdContainer container) {
    DockerRunArguments rendering = new DockerRunArguments();
    container.applyTo(rendering);
    return List.copyOf(rendering.args);
  }

  @Override
  public void name(String name) {
    args.addAll(List.of("--name", name));
  }

  @Override
  public void hostname(String hostname) {
    args.addAll(List.of("--hostname", hostname));
  }

  @Override
  public void label(String key, String value) {
    args.addAll(List.of("--label", key + "=" + value));
  }

  @Override
  public void capability(String capability) {
    args.addAll(List.of("--cap-add", capability));
  }

  @Override
  public void securityOption(String option) {
    args.addAll(List.of("--security-opt", option));
  }

  @Override
  public void bind(String hostPath, String containerPath) {
    args.addAll(List.of("--volume", hostPath + ":" + containerPath + ":rw"));
  }

  @Override
  public void cgroupns(String mode) {
    args.add("--cgroupns=" + mode);
  }

  @Override
  public void tmpfs(String path, String options) {
    args.addAll(List.of("--tmpfs", options.isEmpty() ? path : path + ":" + options));
  }

  @Override
  public void env(String name, String value) {
    args.addAll(List.of("--env", name + "=" + value));
  }

  @Override
  public void publish(String address, int containerPort) {
    // An empty host port: docker picks a free one, so targets never collide.
    args.addAll(List.of("--publish", address + "::" + containerPort));
  }

  @Override
  public void dns(String server) {
    args.addAll(List.of("--dns", server));
  }

  @Override
  public void extraHost(String name, String address) {
    args.addAll(List.of("--add-host", name + ":" + address));
  }

  @Override
  public void command(String image, List<String> command) {
    args.add(image);
    args.addAll(command);
  }
}
