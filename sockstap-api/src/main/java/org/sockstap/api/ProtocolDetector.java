package org.sockstap.api;

import java.util.Set;

/**
 * Recognises one application protocol from the first bytes of a relayed connection.
 *
 * <p>Found through {@link java.util.ServiceLoader} or registered on the server builder. The engine
 * calls {@link #detect} on the connection's thread each time more bytes arrive from either side,
 * until one detector answers {@link Detection#RECOGNISED} or none is undecided. Detection is by
 * content first: {@link #wellKnownPorts()} only breaks ties between detectors that are still
 * undecided (or that all recognised the bytes) when the bytes alone cannot tell.
 *
 * <p>Implementations must be pure and stateless (one instance serves every connection at once),
 * must not block and must not keep the buffers they are given. Nothing a detector does consumes
 * bytes: the handler, or the opaque relay, sees every byte.
 *
 * <pre>{@code
 * public final class RespDetector implements ProtocolDetector {
 *   public String protocol() { return "resp"; }
 *   public Detection detect(DetectionInput in) {
 *     ByteBuffer c = in.client();
 *     if (!c.hasRemaining()) return Detection.NEED_CLIENT_BYTES;
 *     return c.get(0) == '*' ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
 *   }
 * }
 * }</pre>
 */
public interface ProtocolDetector {

  /**
   * Returns the protocol name this detector recognises: lower case, as it appears in tap rules
   * (for example {@code "ftp"}), and the name of the {@link ProtocolHandler} that runs it.
   *
   * @return the protocol name
   */
  String protocol();

  /**
   * Examines the bytes seen so far.
   *
   * @param input the bytes from both sides and the destination
   * @return the verdict for now
   */
  Detection detect(DetectionInput input);

  /**
   * Returns the ports this protocol is usually served on. Used only to break ties when the bytes
   * fit more than one protocol.
   *
   * @return the usual ports; empty by default
   */
  default Set<Integer> wellKnownPorts() {
    return Set.of();
  }

  /**
   * Returns the detector's rank: lower values are asked first and win ties that neither content
   * nor port resolves; equal ranks are ordered by protocol name.
   *
   * @return the rank, 0 by default
   */
  default int order() {
    return 0;
  }
}
