package dev.mailpush.dns;

/**
 * A result that ends a check_host evaluation at once, however deep in includes and redirects: the
 * errors, and the neutral given for a redirect that would need macros. It never leaves {@link
 * SpfCheckHost}, which turns it into an {@link SpfEvaluator.Evaluation}; hence no stack trace.
 */
final class SpfError extends Exception {
  final SpfEvaluator.Result result;

  SpfError(SpfEvaluator.Result result, String message) {
    super(message, null, false, false);
    this.result = result;
  }
}
