package org.sockstap.core.testing;

import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;

/**
 * A detector for tests: recognises a protocol by a text prefix from the client or from the
 * server, and otherwise asks for more bytes of that side while the prefix could still match.
 */
public final class TextDetector implements ProtocolDetector {
  private final String protocol;
  private final String prefix;
  private final boolean serverFirst;
  private final Set<Integer> ports;

  private TextDetector(String protocol, String prefix, boolean serverFirst, Set<Integer> ports) {
    this.protocol = protocol;
    this.prefix = prefix;
    this.serverFirst = serverFirst;
    this.ports = ports;
  }

  /**
   * A client-first protocol.
   *
   * @param protocol the name
   * @param prefix what the client's first bytes are
   * @return the detector
   */
  public static TextDetector clientFirst(String protocol, String prefix) {
    return new TextDetector(protocol, prefix, false, Set.of());
  }

  /**
   * A server-first protocol.
   *
   * @param protocol the name
   * @param prefix what the server's first bytes are
   * @param ports the well-known ports
   * @return the detector
   */
  public static TextDetector serverFirst(String protocol, String prefix, Integer... ports) {
    return new TextDetector(protocol, prefix, true, Set.of(ports));
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Set<Integer> wellKnownPorts() {
    return ports;
  }

  @Override
  public Detection detect(DetectionInput input) {
    String seen = serverFirst ? input.serverText() : input.clientText();
    String other = serverFirst ? input.clientText() : input.serverText();
    if (!other.isEmpty() && seen.isEmpty()) {
      return Detection.NOT_RECOGNISED;
    }
    if (seen.length() >= prefix.length()) {
      return seen.startsWith(prefix) ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
    }
    if (!prefix.startsWith(seen)) {
      return Detection.NOT_RECOGNISED;
    }
    return serverFirst ? Detection.NEED_SERVER_BYTES : Detection.NEED_CLIENT_BYTES;
  }
}
