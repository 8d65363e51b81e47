package org.sockstap.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The read-only view a {@link ProtocolDetector} examines: the bytes each side has sent so far on a
 * relayed connection, and where the connection goes.
 *
 * <p>The buffers are read-only and each call returns a fresh view positioned at the first byte, so
 * a detector can neither consume nor change what the handler will later read. Detectors are tested
 * by building an instance directly, for example
 * {@code new DetectionInput(ByteBuffer.wrap("EHLO x\r\n".getBytes(US_ASCII)), greeting, endpoint,
 * false, false)}.
 *
 * @param client the bytes the client has sent, starting with its first byte
 * @param server the bytes the server has sent, starting with its first byte (empty when the
 *     server has not spoken or is not connected yet)
 * @param destination the destination the SOCKS client asked for
 * @param clientEnded whether the client has closed its side (no more client bytes will come)
 * @param serverEnded whether the server has closed its side
 */
public record DetectionInput(
    ByteBuffer client,
    ByteBuffer server,
    Endpoint destination,
    boolean clientEnded,
    boolean serverEnded) {

  /** Makes read-only views of both buffers. */
  public DetectionInput {
    client = Objects.requireNonNull(client, "client").asReadOnlyBuffer();
    server = Objects.requireNonNull(server, "server").asReadOnlyBuffer();
    Objects.requireNonNull(destination, "destination");
  }

  /**
   * Returns a fresh read-only view of the client's bytes.
   *
   * @return the client's bytes from position 0
   */
  @Override
  public ByteBuffer client() {
    return client.duplicate();
  }

  /**
   * Returns a fresh read-only view of the server's bytes.
   *
   * @return the server's bytes from position 0
   */
  @Override
  public ByteBuffer server() {
    return server.duplicate();
  }

  /**
   * Returns the client's bytes as ISO-8859-1 text, one char per byte, for detectors that match
   * ASCII protocol text.
   *
   * @return the client's bytes as text
   */
  public String clientText() {
    return text(client);
  }

  /**
   * Returns the server's bytes as ISO-8859-1 text, one char per byte.
   *
   * @return the server's bytes as text
   */
  public String serverText() {
    return text(server);
  }

  private static String text(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
