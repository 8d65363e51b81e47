package org.sockstap.core.internal.route;

import java.io.IOException;
import java.net.Socket;

/** A fake server that runs one given script on every connection, for odd answers. */
final class ScriptedServer extends FakeServer {
  /** What to do with one connection. */
  @FunctionalInterface
  interface Script {
    void run(ScriptedServer server, Socket socket) throws Exception;
  }

  private final Script script;

  ScriptedServer(Script script) throws IOException {
    super("scripted");
    this.script = script;
    start();
  }

  @Override
  protected void serve(Socket socket) throws Exception {
    script.run(this, socket);
  }

  /** Lets scripts wait for the client to hang up. */
  void hangUp(Socket socket) {
    awaitHangUp(socket);
  }
}
