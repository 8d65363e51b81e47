package org.sockstap.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.sockstap.core.SocksTapServer;

/** Checks that a server has no connection or thread left once its clients are gone. */
public final class Leaks {
  private Leaks() {}

  /**
   * Waits up to 5 s for the server to have no open connection and no running thread.
   *
   * @param server the server
   */
  public static void assertNoneLeft(SocksTapServer server) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.activeConnections() > 0 || server.activeThreads() > 0) {
      if (System.nanoTime() > deadline) {
        fail("left behind: " + server.activeConnections() + " connections, "
            + server.activeThreads() + " threads");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
