package org.sockstap.core.internal.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Peer;
import org.sockstap.core.internal.TaskStarter;

/**
 * Copies bytes both ways between two peers until both directions are done.
 *
 * <p>The calling thread copies client to server; a second thread copies server to client. End of
 * stream in one direction is passed on as a half-close ({@code shutdownOutput}) and the other
 * direction carries on. A failure in either direction aborts both (the abort action closes the
 * sockets, which unblocks the other thread's read). Reads time out after the idle timeout (the
 * caller sets it on the sockets); a timeout only ends the relay when neither direction has moved a
 * byte for that long, so a long download is not cut because the upload side is quiet.
 *
 * <p>Buffers start small and grow while reads fill them, so an idle tunnel holds 2 × 4 KiB and a
 * bulk transfer moves 64 KiB per system call.
 */
public final class OpaqueRelay {
  private static final int INITIAL_BUFFER = 4 * 1024;
  private static final int MAX_BUFFER = 64 * 1024;

  private final Peer client;
  private final Peer server;
  private final long idleNanos;
  private final Runnable abort;
  private volatile long lastActivity = System.nanoTime();
  private volatile @Nullable String failure;
  private volatile boolean timedOut;

  /**
   * Prepares a relay.
   *
   * @param client the SOCKS client
   * @param server the server
   * @param idleTimeout how long both directions may be silent
   * @param abort closes both sockets
   */
  public OpaqueRelay(Peer client, Peer server, Duration idleTimeout, Runnable abort) {
    this.client = client;
    this.server = server;
    this.idleNanos = idleTimeout.toNanos();
    this.abort = abort;
  }

  /**
   * Runs the relay until both directions are done.
   *
   * @param threads starts the second direction's thread
   * @param threadName its name
   * @return how it ended
   */
  public RelayOutcome run(TaskStarter threads, String threadName) {
    Thread down = threads.start(threadName, () -> copy(server, client, "server"));
    copy(client, server, "client");
    boolean interrupted = false;
    while (true) {
      try {
        down.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        abort.run();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (timedOut) {
      return RelayOutcome.TIMED_OUT;
    }
    return failure == null ? RelayOutcome.COMPLETED : RelayOutcome.failed(failure);
  }

  private void copy(Peer from, Peer to, String fromName) {
    InputStream in = from.input();
    OutputStream out = to.output();
    byte[] buffer = new byte[INITIAL_BUFFER];
    try {
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - lastActivity >= idleNanos) {
            timedOut = true;
            abort.run();
            return;
          }
          continue;
        }
        if (n < 0) {
          to.shutdownOutput();
          return;
        }
        lastActivity = System.nanoTime();
        out.write(buffer, 0, n);
        if (n == buffer.length && buffer.length < MAX_BUFFER) {
          buffer = new byte[buffer.length * 4];
        }
      }
    } catch (IOException e) {
      if (!timedOut && failure == null) {
        failure = fromName + " side: " + e.getMessage();
      }
      abort.run();
    }
  }
}
