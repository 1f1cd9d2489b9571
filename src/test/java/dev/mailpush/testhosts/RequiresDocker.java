package dev.mailpush.testhosts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an end-to-end test that needs a Docker engine and the {@code mailpush-target} images.
 *
 * <p>Without them the test is skipped with the reason, except under CI ({@code CI=true}), where it
 * fails: CI exists to prove the end-to-end tests. See {@link DockerAvailability}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("e2e")
@ExtendWith(DockerAvailability.class)
public @interface RequiresDocker {
  /** Debian suites whose {@code mailpush-target:<suite>} image the test uses. */
  String[] suites() default {"bookworm", "trixie"};
}
