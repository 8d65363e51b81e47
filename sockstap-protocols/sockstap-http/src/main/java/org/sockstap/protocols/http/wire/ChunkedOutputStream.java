package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Encodes a body with the chunked transfer coding (RFC 9112 §7.1).
 *
 * <p>Each {@code write} becomes one or more chunks ({@code hex-size CRLF data CRLF}) written to
 * the underlying stream right away, each in a single write of at most {@value #MAX_CHUNK} data
 * bytes plus framing, so a relay neither delays data nor splits one chunk over several packets.
 * A zero-length write writes nothing (an empty chunk would end the body). Write in blocks: a
 * single-byte write is a whole chunk.
 *
 * <p>{@link #finish} ends the body with the last chunk, optional trailers and the final CRLF; it
 * must be called explicitly. {@link #close()} only flushes: it neither finishes the body (a
 * body cut short by an error must not look complete) nor closes the underlying stream, which
 * belongs to the connection.
 */
public final class ChunkedOutputStream extends OutputStream {

  /** The most data bytes in one chunk; larger writes are split. */
  public static final int MAX_CHUNK = 16 * 1024;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] frame = new byte[MAX_CHUNK + 16];
  private boolean finished;

  /**
   * Creates an encoder.
   *
   * @param out where the encoded body goes; never closed by this stream
   */
  public ChunkedOutputStream(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Writes one byte as a chunk of its own.
   *
   * @param b the byte
   * @throws IOException if writing fails or the body was finished
   */
  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * Writes bytes as one or more chunks; nothing for {@code len == 0}.
   *
   * @param b the bytes
   * @param off the first index
   * @param len how many
   * @throws IOException if writing fails or the body was finished
   */
  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IOException("chunked body already finished");
    }
    while (len > 0) {
      int n = Math.min(len, MAX_CHUNK);
      int p = sizeLine(n);
      System.arraycopy(b, off, frame, p, n);
      p += n;
      frame[p++] = '\r';
      frame[p++] = '\n';
      out.write(frame, 0, p);
      off += n;
      len -= n;
    }
  }

  /** Writes {@code hex(n) CRLF} at the start of the frame; returns its length. */
  private int sizeLine(int n) {
    int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(n) + 3) / 4);
    for (int i = digits - 1, v = n; i >= 0; i--, v >>>= 4) {
      frame[i] = HEX[v & 0xF];
    }
    frame[digits] = '\r';
    frame[digits + 1] = '\n';
    return digits + 2;
  }

  /**
   * Ends the body: writes {@code 0 CRLF}, the trailer fields if any, and the final CRLF, in one
   * write, then flushes. The caller chooses the trailers (see {@link HopByHop#stripTrailers}).
   *
   * @param trailers trailer fields to send, or null for none
   * @throws IOException if writing fails
   * @throws IllegalStateException if already finished
   */
  public void finish(@Nullable Headers trailers) throws IOException {
    if (finished) {
      throw new IllegalStateException("chunked body already finished");
    }
    finished = true;
    StringBuilder end = new StringBuilder("0\r\n");
    if (trailers != null) {
      trailers.writeTo(end);
    }
    end.append("\r\n");
    out.write(end.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Returns whether {@link #finish} has been called.
   *
   * @return true once the body is ended
   */
  public boolean isFinished() {
    return finished;
  }

  /**
   * Flushes the underlying stream.
   *
   * @throws IOException if flushing fails
   */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Flushes only: does not finish the body and does not close the underlying stream.
   *
   * @throws IOException if flushing fails
   */
  @Override
  public void close() throws IOException {
    out.flush();
  }
}
