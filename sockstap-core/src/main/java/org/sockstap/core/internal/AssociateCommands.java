package org.sockstap.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionSummary.Outcome;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.session.ServerSide;
import org.sockstap.core.internal.session.SocketPeer;
import org.sockstap.core.internal.socks.Reply;
import org.sockstap.core.internal.socks.SocksReplies;
import org.sockstap.core.internal.socks.SocksRequest;
import org.sockstap.core.internal.socks.UdpRelay;
import org.sockstap.core.rules.HostRef;

/**
 * The two SOCKS commands that make SocksTap listen rather than connect: BIND (two replies, the
 * second naming the peer that connected) and UDP ASSOCIATE. Both listen on the address the client
 * reached the server on, and both are checked against the access rules like a CONNECT.
 */
final class AssociateCommands {
  private final ServerRuntime runtime;
  private final ServerConfig config;
  private final ConnectionTask task;
  private final ConnectionRecord record;

  AssociateCommands(ServerRuntime runtime, ConnectionTask task, ConnectionRecord record) {
    this.runtime = runtime;
    this.config = runtime.config();
    this.task = task;
    this.record = record;
  }

  void run(SocksRequest request, ConnectionInfo connection, HostRef src, SocketChannel client,
      OutputStream out) throws IOException {
    InetAddress expected;
    try {
      expected = InetAddress.getByName(request.destination().host());
    } catch (UnknownHostException e) {
      SocksReplies.write(out, request.version(), Reply.HOST_UNREACHABLE, null);
      record.end(Outcome.UNREACHABLE, "cannot resolve " + LogText.escape(request.destination().host()));
      return;
    }
    HostRef dst = new HostRef(request.nameGiven() ? request.destination().host() : null,
        expected.isAnyLocalAddress() ? null : expected, request.destination().port(),
        request.user());
    String rejection = config.access().rejection(null, true, dst, src);
    if (rejection != null) {
      SocksReplies.write(out, request.version(), Reply.NOT_ALLOWED, null);
      record.end(Outcome.REJECTED, rejection);
      return;
    }
    InetAddress local = ((InetSocketAddress) client.getLocalAddress()).getAddress();
    if (request.command() == org.sockstap.core.internal.socks.SocksCommand.BIND) {
      bind(request, connection, expected.isAnyLocalAddress() ? null : expected, local, out);
    } else {
      associate(request, connection, src, client, local, out);
    }
  }

  private void bind(SocksRequest request, ConnectionInfo connection,
      @Nullable InetAddress expected, InetAddress local, OutputStream out) throws IOException {
    SocketChannel incoming;
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(local, 0), 1);
      SocksReplies.write(out, request.version(), Reply.SUCCEEDED,
          (InetSocketAddress) listener.getLocalAddress());
      listener.socket().setSoTimeout(timeoutMillis(config.bindTimeout()));
      try {
        Socket accepted = listener.socket().accept();
        incoming = accepted.getChannel();
      } catch (SocketTimeoutException e) {
        SocksReplies.write(out, request.version(), Reply.TTL_EXPIRED, null);
        record.end(Outcome.TIMED_OUT, "no connection to the BIND port within "
            + config.bindTimeout().toSeconds() + " s");
        return;
      }
    }
    InetSocketAddress peer = (InetSocketAddress) incoming.getRemoteAddress();
    ServerSide side = new ServerSide(incoming,
        new Endpoint(peer.getAddress().getHostAddress(), peer.getPort()), "bind",
        new byte[0], 0, 0, false);
    task.adopt(side);
    if (expected != null && !expected.equals(peer.getAddress())) {
      SocksReplies.write(out, request.version(), Reply.NOT_ALLOWED, null);
      record.end(Outcome.REJECTED, "BIND peer " + peer.getAddress().getHostAddress()
          + " is not the expected " + expected.getHostAddress());
      return;
    }
    SocksReplies.write(out, request.version(), Reply.SUCCEEDED, peer);
    task.relay(new SocketPeer(task.clientChannel(), request.pipelined(), 0,
        request.pipelined().length, false), side);
  }

  private void associate(SocksRequest request, ConnectionInfo connection, HostRef src,
      SocketChannel client, InetAddress local, OutputStream out) throws IOException {
    if (request.version() != 5) {
      SocksReplies.write(out, request.version(), Reply.COMMAND_NOT_SUPPORTED, null);
      return;
    }
    try (DatagramChannel clientSide = DatagramChannel.open();
        DatagramChannel remoteSide = DatagramChannel.open()) {
      clientSide.bind(new InetSocketAddress(local, 0));
      remoteSide.bind(null);
      InetAddress clientAddress = connection.client().getAddress();
      UdpRelay relay = new UdpRelay(clientSide, remoteSide, clientAddress,
          request.destination().port(),
          (name, address, port) -> config.access().rejection(null, true,
              new HostRef(name, address, port, connection.user()), src) == null,
          connection.id());
      SocksReplies.write(out, 5, Reply.SUCCEEDED,
          (InetSocketAddress) clientSide.getLocalAddress());
      Thread up = runtime.start("sockstap-" + connection.id() + "-udp", relay::clientLoop);
      Thread down = runtime.start("sockstap-" + connection.id() + "-udp-in", relay::remoteLoop);
      try {
        drainUntilClosed(client);
      } finally {
        clientSide.close();
        remoteSide.close();
        joinQuietly(up);
        joinQuietly(down);
      }
      record.detail = relay.datagrams() + " datagrams";
    }
  }

  /** The association lives as long as its TCP connection; anything sent on it is ignored. */
  private void drainUntilClosed(SocketChannel client) throws IOException {
    client.socket().setSoTimeout(0);
    InputStream in = client.socket().getInputStream();
    byte[] sink = new byte[256];
    while (in.read(sink) >= 0) {
      // RFC 1928 gives the control connection no further messages
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int timeoutMillis(java.time.Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }
}
