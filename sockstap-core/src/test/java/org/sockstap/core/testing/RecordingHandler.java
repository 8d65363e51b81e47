package org.sockstap.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.api.TappedConnection;

/**
 * A handler for tests: records the connection it was given and what it saw, then runs a script
 * (by default: relay the rest opaquely).
 */
public final class RecordingHandler implements ProtocolHandler {

  /** What the handler does after recording. */
  @FunctionalInterface
  public interface Body {
    /**
     * Handles.
     *
     * @param connection the connection
     * @throws IOException on failure
     */
    void handle(TappedConnection connection) throws IOException;
  }

  /** What one call saw. */
  public record Seen(String protocol, boolean serverConnected, byte[] alreadyRelayed,
      java.util.Map<String, String> params) {}

  private final String protocol;
  private final Body body;
  private final BlockingQueue<Seen> seen = new ArrayBlockingQueue<>(100);

  /**
   * Creates the handler.
   *
   * @param protocol the protocol
   * @param body what to do
   */
  public RecordingHandler(String protocol, Body body) {
    this.protocol = protocol;
    this.body = body;
  }

  /**
   * A handler that relays opaquely.
   *
   * @param protocol the protocol
   * @return the handler
   */
  public static RecordingHandler relaying(String protocol) {
    return new RecordingHandler(protocol, TappedConnection::relayOpaquely);
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public void handle(TappedConnection connection) throws IOException {
    byte[] relayed = new byte[connection.serverBytesAlreadyRelayed().remaining()];
    connection.serverBytesAlreadyRelayed().get(relayed);
    seen.add(new Seen(connection.protocol(), connection.isServerConnected(), relayed,
        connection.params()));
    body.handle(connection);
  }

  /**
   * Waits for the next call.
   *
   * @return what it saw
   * @throws InterruptedException when interrupted
   */
  public Seen next() throws InterruptedException {
    Seen s = seen.poll(10, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("handler " + protocol + " was not called");
    }
    return s;
  }

  /**
   * Returns whether the handler was called.
   *
   * @return true when called at least once and not yet taken by {@link #next()}
   */
  public boolean called() {
    return !seen.isEmpty();
  }

  /**
   * Reads a line from a stream, for handler bodies.
   *
   * @param in the stream
   * @return the line
   * @throws IOException on failure
   */
  public static String line(InputStream in) throws IOException {
    String line = Bytes.readLine(in);
    return line == null ? "" : line;
  }
}
