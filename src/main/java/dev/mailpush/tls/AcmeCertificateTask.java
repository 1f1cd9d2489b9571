package dev.mailpush.tls;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PathState;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.TlsConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The host's certificate from its ACME CA ({@code tls.mode = "acme"}). Plans from the current
 * {@code fullchain.pem} (read by the fact probe): a still-valid certificate for the host's name is
 * never re-ordered; otherwise the plan is one {@link Step.Custom} that runs the ACME exchange over
 * the host's session when applied, so check mode orders nothing and shows "issue/renew ...
 * (reason)". A host with a valid certificate but no next key ({@link HostScripts#NEXT_KEY}) gets
 * one, so that dns apply can publish its TLSA record before the renewal that uses it.
 */
public record AcmeCertificateTask(String name, HostConfig host, Optional<AcmeOptions> options)
    implements Task {
  public AcmeCertificateTask {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
  }

  /**
   * The task as a playbook declares it. The run's options (state directory, clock, --force) are
   * bound by whoever runs the play ({@link #withOptions}), so compiling a playbook reads nothing
   * from the environment.
   */
  public static AcmeCertificateTask forHost(String name, HostConfig host) {
    return new AcmeCertificateTask(name, host, Optional.empty());
  }

  public AcmeCertificateTask withOptions(AcmeOptions newOptions) {
    return new AcmeCertificateTask(name, host, Optional.of(newOptions));
  }

  @Override
  public FactQuery needs() {
    return host.tls().mode() == TlsConfig.Mode.ACME
        ? FactQuery.contents(Set.of(HostScripts.FULLCHAIN))
            .plus(FactQuery.paths(Set.of(HostScripts.NEXT_KEY)))
        : FactQuery.none();
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    TlsConfig tls = host.tls();
    if (tls.mode() != TlsConfig.Mode.ACME) {
      return new Plan.Skip("tls.mode = \"" + tls.mode().key() + "\": no ACME certificate");
    }
    // Unbound (a plan shown without a run, in tests): judged by the system clock, never forced;
    // applying needs
    // the run's options for the account key's state directory.
    Clock clock = options.map(AcmeOptions::clock).orElse(Clock.systemUTC());
    boolean force = options.map(AcmeOptions::force).orElse(false);
    AcmeDirectory directory = AcmeDirectory.of(tls.acmeDirectory());
    RenewalDecision.Current current =
        RenewalDecision.Current.of(facts.content(HostScripts.FULLCHAIN));
    RenewalDecision decision =
        RenewalDecision.decide(
            current, host.certificateNames(), directory, tls.renewDays(), clock.instant(), force);
    if (decision instanceof RenewalDecision.Keep keep) {
      if (facts.path(HostScripts.NEXT_KEY) instanceof PathState.RegularFile) {
        return new Plan.NoChange(host.hostname() + ": " + keep.reason());
      }
      return Plan.Changes.of(
          new Step.RunCommand(
              "make the next key "
                  + HostScripts.NEXT_KEY
                  + " (dns apply publishes its TLSA record; the next renewal switches to it)",
              PendingKey.nextKey(false)));
    }
    // "renew": a CA's certificate for this very name is replaced; otherwise a first one is issued.
    String verb =
        current instanceof RenewalDecision.Current.Present p
                && !p.info().selfSigned()
                && p.info().covers(host.hostname())
            ? "renew"
            : "issue";
    String description =
        verb
            + " certificate for "
            + String.join(", ", host.certificateNames())
            + " from "
            + directory
            + " (HTTP-01 "
            + tls.challenge().key()
            + "; "
            + decision.reason()
            + ")";
    return Plan.Changes.of(
        new Step.Custom(
            description,
            (Step.Custom.Reporting)
                session ->
                    new AcmeIssuer(
                            host.certificateNames(),
                            tls,
                            options.orElseThrow(
                                () ->
                                    new IllegalStateException(
                                        "the run did not bind ACME options to " + name)))
                        .issue(session)
                        .warning()));
  }
}
