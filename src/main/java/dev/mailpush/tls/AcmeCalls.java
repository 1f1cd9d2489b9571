package dev.mailpush.tls;

import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * Runs acme4j calls against one CA. acme4j says what failed in protocol terms; each call here names
 * the step it was part of ("could not finalize the order: ..."), quotes the CA's problem document
 * and, where the user can act, says what to do, as one {@link AcmeFailure}.
 */
final class AcmeCalls {
  private final AcmeDirectory directory;

  AcmeCalls(AcmeDirectory directory) {
    this.directory = directory;
  }

  /** An acme4j call; its exceptions become an {@link AcmeFailure} that says what was being done. */
  <T> T call(String what, AcmeCall<T> call) {
    try {
      return call.run();
    } catch (AcmeRateLimitedException e) {
      throw new AcmeFailure(
          "could not "
              + what
              + ": rate limited by the CA: "
              + ChallengeProblems.describe(e.getProblem())
              + e.getRetryAfter().map(t -> " (retry after " + t + ")").orElse(""),
          "wait and run again; test with acme_directory = \"letsencrypt-staging\"",
          e);
    } catch (AcmeServerException e) {
      throw new AcmeFailure(
          "could not " + what + ": the CA said: " + ChallengeProblems.describe(e.getProblem()),
          "",
          e);
    } catch (AcmeNetworkException e) {
      throw new AcmeFailure(
          "could not "
              + what
              + ": cannot reach the ACME server "
              + directory
              + ": "
              + rootMessage(e),
          "check acme_directory, the admin machine's network and, for a private CA, acme_ca_cert",
          e);
    } catch (AcmeException e) {
      throw new AcmeFailure("could not " + what + ": " + rootMessage(e), "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AcmeFailure("interrupted while trying to " + what, "", e);
    }
  }

  /** The message with every cause's: a network error's reason is usually a few causes down. */
  private static String rootMessage(Throwable e) {
    String msg = e.getMessage();
    Throwable c = e.getCause();
    while (c != null) {
      if (c.getMessage() != null) {
        msg = msg + " (" + c.getMessage() + ")";
      }
      c = c.getCause();
    }
    return msg;
  }

  @FunctionalInterface
  interface AcmeCall<T> {
    T run() throws AcmeException, InterruptedException;
  }
}
