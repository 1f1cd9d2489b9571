package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostKeyAlgorithmOrderTest {
  private static final List<String> MINA_DEFAULT =
      List.of(
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ssh-ed25519",
          "ssh-ed25519-cert-v01@openssh.com",
          "rsa-sha2-512",
          "rsa-sha2-256",
          "ssh-rsa");

  @Test
  void knownEd25519KeyIsAskedForFirst() {
    assertThat(HostKeyAlgorithmOrder.reorder(MINA_DEFAULT, Set.of("ssh-ed25519")))
        .startsWith("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256");
  }

  @Test
  void knownRsaKeyBringsEveryRsaSignatureAlgorithmForward() {
    assertThat(HostKeyAlgorithmOrder.reorder(MINA_DEFAULT, Set.of("ssh-rsa")))
        .startsWith("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
  }

  @Test
  void nothingKnownKeepsTheOfferedOrder() {
    assertThat(HostKeyAlgorithmOrder.reorder(MINA_DEFAULT, Set.of())).isEqualTo(MINA_DEFAULT);
  }

  @Test
  void knownHostsIsParsedOncePerChangeNotOncePerConnection(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("known_hosts");
    String ed =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
    java.nio.file.Files.writeString(file, "[127.0.0.1]:2201 " + ed);
    HostKeyAlgorithmOrder order = new HostKeyAlgorithmOrder();
    var first = order.entries(file);
    assertThat(order.entries(file)).as("unchanged: the same parse").isSameAs(first);
    java.nio.file.Files.writeString(
        file, "[127.0.0.1]:2202 " + ed, java.nio.file.StandardOpenOption.APPEND);
    assertThat(order.entries(file)).as("appended (accept-new): parsed again").hasSize(2);
  }
}
