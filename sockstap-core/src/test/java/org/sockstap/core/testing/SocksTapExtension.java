package org.sockstap.core.testing;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.SocksTapServer;

/**
 * Starts a SocksTap server on 127.0.0.1 port 0 before each test and, after it, checks that no
 * connection or thread of the server was left behind before closing it.
 *
 * <pre>{@code
 * @RegisterExtension
 * final SocksTapExtension tap = SocksTapExtension.configure(b -> b.tap("ftp"));
 * }</pre>
 *
 * <p>A test that needs different options per test can call {@link #restart(UnaryOperator)}.
 */
public final class SocksTapExtension implements BeforeEachCallback, AfterEachCallback {
  private UnaryOperator<SocksTapServer.Builder> configuration;
  private @Nullable SocksTapServer server;

  private SocksTapExtension(UnaryOperator<SocksTapServer.Builder> configuration) {
    this.configuration = configuration;
  }

  /**
   * Creates the extension.
   *
   * @param configuration applied to a builder already listening on 127.0.0.1:0
   * @return the extension
   */
  public static SocksTapExtension configure(UnaryOperator<SocksTapServer.Builder> configuration) {
    return new SocksTapExtension(configuration);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server = build(configuration);
  }

  /**
   * Replaces the running server with one built from another configuration.
   *
   * @param other the configuration
   * @return the new server
   */
  public SocksTapServer restart(UnaryOperator<SocksTapServer.Builder> other) {
    SocksTapServer old = server;
    if (old != null) {
      Leaks.assertNoneLeft(old);
      old.close();
    }
    configuration = other;
    server = build(other);
    return server;
  }

  private static SocksTapServer build(UnaryOperator<SocksTapServer.Builder> configuration) {
    return configuration.apply(SocksTapServer.builder().listen("127.0.0.1", 0)).build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    SocksTapServer running = server;
    server = null;
    if (running == null) {
      return;
    }
    try {
      Leaks.assertNoneLeft(running);
    } finally {
      running.close();
    }
  }

  /**
   * Returns the running server.
   *
   * @return the server
   */
  public SocksTapServer server() {
    return Objects.requireNonNull(server, "no server running");
  }

  /**
   * Returns the server's address.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return server().localAddress();
  }

  /**
   * Waits up to 5 s for the server to have no connection thread running: true once every open
   * connection is on the relay loops.
   *
   * @return the threads still running then, 0 on success
   * @throws InterruptedException when interrupted
   */
  public int awaitNoConnectionThreads() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server().activeThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return server().activeThreads();
  }
}
