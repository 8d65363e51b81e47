package org.sockstap.core.internal.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A target that sends back every byte it gets and half-closes when the client does. */
final class EchoServer extends FakeServer {

  EchoServer() throws IOException {
    super("echo");
    start();
  }

  EchoServer(java.net.InetAddress bindAddress) throws IOException {
    super("echo", bindAddress);
    start();
  }

  @Override
  protected void serve(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      out.flush();
    }
    socket.shutdownOutput();
  }
}
