package org.sockstap.core.internal.session;

import java.io.IOException;
import org.sockstap.api.Endpoint;

/** Opens server connections for a session, applying the access rules and routes. */
@FunctionalInterface
public interface ServerDialer {

  /**
   * Connects.
   *
   * @param endpoint where to
   * @return the connection, blocking, with the idle timeout set
   * @throws IOException when refused by policy or unreachable
   */
  ServerSide dial(Endpoint endpoint) throws IOException;
}
