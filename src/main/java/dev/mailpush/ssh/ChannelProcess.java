package dev.mailpush.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Function;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** A {@link RemoteProcess} on an exec channel: MINA's inverted streams, with its flow control. */
final class ChannelProcess implements RemoteProcess {
  private final ChannelExec channel;
  private final ByteArrayOutputStream err;
  private final Function<Exception, SshException> lost;

  private ChannelProcess(
      ChannelExec channel, ByteArrayOutputStream err, Function<Exception, SshException> lost) {
    this.channel = channel;
    this.err = err;
    this.lost = lost;
  }

  static RemoteProcess start(
      ClientSession session,
      CommandLine command,
      Duration openTimeout,
      Function<Exception, SshException> lost)
      throws IOException {
    ChannelExec channel = session.createExecChannel(command.line());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    channel.setErr(err);
    channel.open().verify(openTimeout);
    // The sudo password line, if any, goes first; sudo reads exactly that line.
    OutputStream in = channel.getInvertedIn();
    in.write(command.stdin());
    in.flush();
    return new ChannelProcess(channel, err, lost);
  }

  @Override
  public OutputStream stdin() {
    return channel.getInvertedIn();
  }

  @Override
  public InputStream stdout() {
    return channel.getInvertedOut();
  }

  @Override
  public ExecResult waitFor() {
    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), 0L);
    Integer status = channel.getExitStatus();
    if (status == null) {
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
      status = channel.getExitStatus();
    }
    if (status == null) {
      throw lost.apply(new ChannelRun.ChannelLost(null));
    }
    return new ExecResult(status, new byte[0], err.toByteArray());
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing an already broken channel: nothing left to do.
    }
  }
}
