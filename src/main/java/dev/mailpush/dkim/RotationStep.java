package dev.mailpush.dkim;

import java.time.Instant;

/**
 * What {@code dkim rotate} does next for one domain of one host. The steps run in this order, each
 * only once the one before holds: a new key (not signing), its record published, the record seen
 * with the new key, signing switched, the grace period, the old key and record removed. A {@code
 * Wait*} step ends the run: it says what the next run waits for.
 */
public sealed interface RotationStep {
  /** Step 1: a new key under {@code selector}; the current key keeps signing. */
  record Generate(String selector) implements RotationStep {}

  /** Step 2 with [dns]: the pending key's TXT record sent to the name server. */
  record Publish(String selector, String value) implements RotationStep {}

  /**
   * The pending key's record is not visible yet (without [dns]: publish it by hand; with it: the
   * name servers have not answered with it yet). Signing stays on the current key.
   */
  record WaitForRecord(String selector, String value, String reason) implements RotationStep {}

  /** Step 3: the record is visible with the new key; signing switches to it. */
  record Switch(String from, String to) implements RotationStep {}

  /** The previous key stays published until {@code until}, for mail it signed still in flight. */
  record WaitForGrace(String selector, Instant until) implements RotationStep {}

  /** Step 4: the grace ended; the previous key's record and private key go. */
  record Retire(String selector) implements RotationStep {}

  /** This run finished a rotation (or a step ended it); the next run starts a new one. */
  record Done() implements RotationStep {}

  /** The host's keys are not in a state rotation can go on from. */
  record Broken(String message, String fix) implements RotationStep {}

  /** Whether the run stops at this step (it waits or cannot go on). */
  default boolean waits() {
    return this instanceof WaitForRecord
        || this instanceof WaitForGrace
        || this instanceof Broken
        || this instanceof Done;
  }
}
