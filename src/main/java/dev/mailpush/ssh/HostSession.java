package dev.mailpush.ssh;

/**
 * One authenticated SSH session to one host, reused for every command of a run. Implementations are
 * safe to call from one thread at a time (the engine drives each host from a single thread).
 */
public interface HostSession extends AutoCloseable {

  /**
   * Runs a command and waits for it. With {@link ExecRequest#asRoot()} and {@code become = "sudo"}
   * the command runs under sudo; a sudo password, when one is needed, is written to the process's
   * stdin ahead of the request's own stdin and never appears on a command line.
   *
   * @throws SshException when the transport fails (not when the command exits non-zero)
   */
  ExecResult exec(ExecRequest request);

  /**
   * Starts a command whose stdin and stdout stay open as streams (see {@link RemoteProcess});
   * {@link ExecRequest#stdin()} must be empty. A sudo password is written ahead of the stream, as
   * for {@link #exec}.
   *
   * @throws SshException when the channel cannot be opened
   */
  default RemoteProcess start(ExecRequest request) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stream");
  }

  /**
   * Writes a file atomically: content goes to a temporary file in the same directory, gets its mode
   * and owner, then is renamed over the target. Works for binary and large content.
   *
   * @param mode octal permission string such as {@code "0644"}
   * @param owner user name, or {@code null} to keep root
   * @param group group name, or {@code null} to keep the owner's group
   */
  void upload(String remotePath, byte[] content, String mode, String owner, String group);

  /** How many exec round trips this session has made (for benchmarks and the no-op contract). */
  int execCount();

  /** Bytes written to remote processes' stdin plus command lines (for benchmarks). */
  long bytesSent();

  @Override
  void close();
}
