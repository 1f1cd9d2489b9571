package dev.mailpush.verify;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host's web server should serve, from the inventory ({@code [mail] mta_sts}, {@code
 * autoconfig}).
 *
 * @param domains the virtual domains (one mta-sts. and autoconfig. name each)
 * @param policy the MTA-STS policy text exactly as the host serves it; empty with mta_sts = "off"
 * @param policyId the id its {@code _mta-sts} record carries
 */
public record WebSite(
    List<String> domains, Optional<String> policy, String policyId, boolean autoconfig) {
  public static final WebSite NONE = new WebSite(List.of(), Optional.empty(), "", false);

  public WebSite {
    domains = List.copyOf(domains);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(policyId, "policyId");
  }
}
