package org.sockstap.protocols.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.sockstap.api.ServerConnection;
import org.sockstap.protocols.http.wire.HeadReader;
import org.sockstap.protocols.http.wire.HttpLimits;

/**
 * One connection to the server, with the reader that owns its input for as long as it lives, so
 * responses on a kept-alive connection are read from one buffer and no byte is lost between them.
 */
final class Upstream {
  private final ServerConnection connection;
  private final HeadReader reader;
  private final OutputStream out;

  Upstream(ServerConnection connection, HttpLimits limits) {
    this.connection = connection;
    this.reader = new HeadReader(connection.input(), limits);
    this.out = new BufferedOutputStream(connection.output(), 16 * 1024);
  }

  ServerConnection connection() {
    return connection;
  }

  HeadReader reader() {
    return reader;
  }

  OutputStream out() {
    return out;
  }

  /** Closes the connection: it is never reused after this. */
  void close() {
    try {
      connection.close();
    } catch (IOException e) {
      // it is unusable either way
    }
  }
}
