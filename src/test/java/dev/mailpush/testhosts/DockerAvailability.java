package dev.mailpush.testhosts;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/**
 * Decides whether a {@link RequiresDocker} test can run: a Docker engine answers, the target images
 * exist and {@code ssh-keygen} is on the PATH. When something is missing the test is skipped with
 * the reason, but when the environment variable {@code CI} is {@code true} the condition throws, so
 * the test fails instead of silently proving nothing.
 */
public final class DockerAvailability implements ExecutionCondition {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DockerAvailability.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> suites =
        AnnotationSupport.findAnnotation(context.getElement(), RequiresDocker.class)
            .or(
                () ->
                    context
                        .getTestClass()
                        .flatMap(c -> AnnotationSupport.findAnnotation(c, RequiresDocker.class)))
            .map(a -> List.of(a.suites()))
            .orElse(List.of());
    // Probing Docker takes a moment: do it once per test run and set of images.
    Probe probe =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("probe:" + suites, key -> new Probe(probe(suites)), Probe.class);
    return decide(probe.problem(), "true".equals(System.getenv("CI")));
  }

  private record Probe(Optional<String> problem) {}

  /**
   * The policy, separated from the probing so it can be tested: run when nothing is missing; else
   * skip, or fail under CI.
   */
  static ConditionEvaluationResult decide(Optional<String> problem, boolean ci) {
    if (problem.isEmpty()) {
      return ConditionEvaluationResult.enabled("Docker engine and target images present");
    }
    if (ci) {
      throw new IllegalStateException(
          "CI=true, so end-to-end tests must run, but "
              + problem.get()
              + ". Run `bash .ci/run`, which starts Docker and builds the images.");
    }
    return ConditionEvaluationResult.disabled(
        "end-to-end test skipped: "
            + problem.get()
            + " (`bash .ci/run` starts Docker and builds the images)");
  }

  /** What is missing to run the end-to-end tests, or empty when nothing is. */
  static Optional<String> probe(List<String> suites) {
    if (!onPath("ssh-keygen")) {
      return Optional.of("ssh-keygen (openssh-client) is not on the PATH");
    }
    DockerClientFactory docker = DockerClientFactory.instance();
    boolean available;
    try {
      available = docker.isDockerAvailable();
    } catch (RuntimeException e) {
      available = false;
    }
    if (!available) {
      return Optional.of("no Docker engine answers");
    }
    List<String> missing = new ArrayList<>();
    for (String suite : suites) {
      String image = TargetHost.image(suite);
      try {
        docker.client().inspectImageCmd(image).exec();
      } catch (NotFoundException e) {
        missing.add(image);
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          "image(s) " + String.join(", ", missing) + " missing (build with test-images/build.sh)");
    }
    return Optional.empty();
  }

  private static boolean onPath(String command) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> new File(dir, command).canExecute());
  }
}
