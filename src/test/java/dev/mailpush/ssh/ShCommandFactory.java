package dev.mailpush.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Runs each exec request as {@code sh -c LINE} locally, like sshd does, so quoting is tested for
 * real.
 */
final class ShCommandFactory implements CommandFactory {
  private final Map<String, String> env;

  /**
   * @param env variables added to the commands' environment (e.g. a PATH with a stand-in sudo)
   */
  ShCommandFactory(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Command createCommand(ChannelSession channel, String command) {
    return new ShCommand(command, env);
  }

  private static final class ShCommand implements Command {
    private final String line;
    private final Map<String, String> extraEnv;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    ShCommand(String line, Map<String, String> extraEnv) {
      this.line = line;
      this.extraEnv = extraEnv;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      ProcessBuilder builder = new ProcessBuilder("sh", "-c", line);
      builder.environment().putAll(extraEnv);
      process = builder.start();
      Thread stdin = pump(in, process.getOutputStream(), true);
      Thread stdout = pump(process.getInputStream(), out, false);
      Thread stderr = pump(process.getErrorStream(), err, false);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  int code = process.waitFor();
                  stdout.join();
                  stderr.join();
                  stdin.interrupt();
                  exit.onExit(code);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      waiter.setDaemon(true);
      waiter.start();
    }

    private static Thread pump(InputStream from, OutputStream to, boolean closeTo) {
      Thread t =
          new Thread(
              () -> {
                byte[] buf = new byte[32 * 1024];
                try {
                  for (int n; (n = from.read(buf)) >= 0; ) {
                    to.write(buf, 0, n);
                    to.flush();
                  }
                } catch (IOException e) {
                  // The process or the channel went away; the exit status tells the rest.
                } finally {
                  if (closeTo) {
                    try {
                      to.close();
                    } catch (IOException e) {
                      // Already closed by the process exiting.
                    }
                  }
                }
              });
      t.setDaemon(true);
      t.start();
      return t;
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (process != null) {
        process.destroyForcibly();
      }
    }
  }
}
