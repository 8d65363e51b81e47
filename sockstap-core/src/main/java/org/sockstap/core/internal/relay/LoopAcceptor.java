package org.sockstap.core.internal.relay;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on a relay loop, so a new connection starts on the loop that will serve it
 * with no hand-off between threads. Every loop accepts from the same listener; whichever the
 * kernel wakes takes the connection. A failing accept (out of file descriptors, say) pauses
 * accepting with a growing back-off instead of spinning on the still-ready listener.
 */
final class LoopAcceptor implements LoopMember {
  private static final Logger LOG = LoggerFactory.getLogger(LoopAcceptor.class);
  private static final int ACCEPTS_PER_TURN = 64;

  private final RelayLoop loop;
  private final ServerSocketChannel listener;
  private final Consumer<SocketChannel> accepted;
  private SelectionKey key;
  private long resumeAt;
  private long backoffMillis = 10;
  private boolean paused;

  LoopAcceptor(RelayLoop loop, ServerSocketChannel listener, SelectionKey key,
      Consumer<SocketChannel> accepted) {
    this.loop = loop;
    this.listener = listener;
    this.key = key;
    this.accepted = accepted;
  }

  @Override
  public void ready(SelectionKey readyKey, long now) {
    for (int i = 0; i < ACCEPTS_PER_TURN && !paused; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        if (!listener.isOpen()) {
          return;
        }
        LOG.warn("accept failed on {}: {}; retrying in {} ms", address(), e.getMessage(),
            backoffMillis);
        pause(now);
        return;
      }
      if (channel == null) {
        backoffMillis = 10;
        return;
      }
      accepted.accept(channel);
    }
  }

  private void pause(long now) {
    paused = true;
    key.interestOps(0);
    resumeAt = now + backoffMillis * 1_000_000L;
    backoffMillis = Math.min(1000, backoffMillis * 2);
    loop.timed(this, true);
  }

  @Override
  public long deadline() {
    return paused ? resumeAt : Long.MAX_VALUE;
  }

  @Override
  public void tick(long now) {
    if (paused && now - resumeAt >= 0) {
      paused = false;
      loop.timed(this, false);
      if (key.isValid()) {
        key.interestOps(SelectionKey.OP_ACCEPT);
      }
    }
  }

  @Override
  public void shutDown() {
    key.cancel();
  }

  private String address() {
    try {
      return String.valueOf(listener.getLocalAddress());
    } catch (IOException e) {
      return "?";
    }
  }
}
