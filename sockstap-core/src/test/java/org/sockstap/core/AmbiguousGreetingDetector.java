package org.sockstap.core;

import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;

/** Like FTP and SMTP: both greet with {@code 220 }, and only the client's first verb tells. */
final class AmbiguousGreetingDetector implements ProtocolDetector {
  private final String protocol;
  private final String verb;

  AmbiguousGreetingDetector(String protocol, String verb) {
    this.protocol = protocol;
    this.verb = verb;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Detection detect(DetectionInput input) {
    String server = input.serverText();
    if (!server.contains("\n")) {
      return server.isEmpty() && !input.clientText().isEmpty()
          ? Detection.NOT_RECOGNISED : Detection.NEED_SERVER_BYTES;
    }
    if (!server.startsWith("220 ")) {
      return Detection.NOT_RECOGNISED;
    }
    String client = input.clientText();
    if (client.length() < verb.length()) {
      return verb.startsWith(client) || client.isEmpty()
          ? Detection.NEED_CLIENT_BYTES : Detection.NOT_RECOGNISED;
    }
    return client.startsWith(verb) ? Detection.RECOGNISED : Detection.NOT_RECOGNISED;
  }
}
