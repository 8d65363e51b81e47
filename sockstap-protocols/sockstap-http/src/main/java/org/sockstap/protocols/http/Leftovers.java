package org.sockstap.protocols.http;

import java.io.IOException;
import java.io.OutputStream;
import org.sockstap.protocols.http.wire.HeadReader;

/**
 * When a connection stops being HTTP/1 (an accepted upgrade, a CONNECT tunnel), the bytes a head
 * reader already buffered past the last head belong to the new protocol: they are passed on
 * before the opaque relay takes over the sockets, so none is lost.
 */
final class Leftovers {
  private Leftovers() {}

  static void forward(HeadReader reader, OutputStream to) throws IOException {
    int pending = reader.buffered();
    if (pending > 0) {
      to.write(reader.body().readNBytes(pending));
    }
    to.flush();
  }
}
