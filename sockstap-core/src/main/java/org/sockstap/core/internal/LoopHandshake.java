package org.sockstap.core.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.relay.LoopMember;
import org.sockstap.core.internal.relay.RelayLoop;
import org.sockstap.core.internal.socks.SocksCommand;
import org.sockstap.core.internal.socks.SocksRequest;

/**
 * The common SOCKS handshake carried out on a relay loop, without a thread: a SOCKS5 greeting
 * offering "no authentication", a CONNECT to an IP address, a direct route, then a non-blocking
 * connect, the reply, and detection or the relay on the same loop. A connection rate is mostly
 * thread hand-offs otherwise.
 *
 * <p>Anything else (SOCKS4, authentication, a host name, BIND, a malformed or slow handshake, a
 * rule that needs more than the loop can do) falls back to a thread that negotiates from the
 * start, with the bytes read so far replayed and the bytes already written checked against what
 * it writes. So the loop only ever handles the happy path, and every error is answered by the one
 * negotiator.
 */
final class LoopHandshake implements LoopMember {
  private static final int MAX_HANDSHAKE = 512;

  private final ConnectionTask task;
  private final RelayLoop loop;
  private final SocketChannel client;
  private final long handshakeDeadline;
  private final ByteBuffer received = ByteBuffer.allocate(MAX_HANDSHAKE);
  private final byte[] sent = new byte[2];
  private int sentCount;
  private int requestStart = -1;
  private @Nullable SelectionKey clientKey;
  private ConnectionTask.@Nullable LoopConnect connect;
  private @Nullable SocketChannel server;
  private long connectDeadline;
  private boolean over;

  LoopHandshake(ConnectionTask task, RelayLoop loop, SocketChannel client, long deadline) {
    this.task = task;
    this.loop = loop;
    this.client = client;
    this.handshakeDeadline = deadline;
  }

  /** On the loop's thread. */
  void begin() {
    try {
      client.configureBlocking(false);
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      clientKey = loop.watch(client, SelectionKey.OP_READ, this);
      loop.timed(this, true);
      readAndParse();
    } catch (IOException | RuntimeException e) {
      fallBack();
    }
  }

  @Override
  public void ready(SelectionKey key, long now) {
    if (over) {
      return;
    }
    if (server != null && key.channel() == server) {
      finishConnect();
      return;
    }
    try {
      readAndParse();
    } catch (IOException | RuntimeException e) {
      fallBack();
    }
  }

  @Override
  public long deadline() {
    return server != null ? connectDeadline : handshakeDeadline;
  }

  @Override
  public void tick(long now) {
    if (over) {
      return;
    }
    if (server != null) {
      connectFailed(new java.net.SocketTimeoutException("connect timed out"));
    } else {
      fallBack();
    }
  }

  @Override
  public void shutDown() {
    end("relay stopped");
  }

  /** Ends the handshake from any thread: the connection is being closed. */
  void abort() {
    loop.execute(() -> end("connection closed"));
  }

  private void end(String reason) {
    if (!over) {
      over = true;
      loop.timed(this, false);
      closeQuietly(client);
      SocketChannel connecting = server;
      if (connecting != null) {
        closeQuietly(connecting);
      }
      task.failedOnLoop(reason);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // ending anyway
    }
  }

  private void readAndParse() throws IOException {
    int n = client.read(received);
    if (n < 0 || (n == 0 && !received.hasRemaining())) {
      fallBack();
      return;
    }
    parse();
  }

  private void parse() throws IOException {
    byte[] bytes = received.array();
    int length = received.position();
    if (requestStart < 0) {
      if (length < 2) {
        return;
      }
      int methods = bytes[1] & 0xff;
      if (bytes[0] != 5 || methods == 0) {
        fallBack();
        return;
      }
      if (length < 2 + methods) {
        return;
      }
      if (!offersNoAuthentication(bytes, methods)) {
        fallBack();
        return;
      }
      sent[0] = 5;
      sent[1] = 0;
      sentCount = client.write(ByteBuffer.wrap(sent));
      if (sentCount < sent.length) {
        fallBack();
        return;
      }
      requestStart = 2 + methods;
    }
    int r = requestStart;
    if (length - r < 4) {
      return;
    }
    int addressLength = bytes[r + 3] == 1 ? 4 : bytes[r + 3] == 4 ? 16 : -1;
    if (bytes[r] != 5 || bytes[r + 1] != 1 || bytes[r + 2] != 0 || addressLength < 0) {
      fallBack();
      return;
    }
    int end = r + 4 + addressLength + 2;
    if (length < end) {
      return;
    }
    InetAddress address =
        InetAddress.getByAddress(Arrays.copyOfRange(bytes, r + 4, r + 4 + addressLength));
    int port = ((bytes[end - 2] & 0xff) << 8) | (bytes[end - 1] & 0xff);
    SocksRequest request = new SocksRequest(5, SocksCommand.CONNECT,
        new Endpoint(address.getHostAddress(), port), false, null,
        Arrays.copyOfRange(bytes, end, length));
    ConnectionTask.LoopConnect planned = task.loopConnect(request, address);
    if (planned == null) {
      fallBack();
      return;
    }
    startConnect(planned);
  }

  private static boolean offersNoAuthentication(byte[] bytes, int methods) {
    for (int i = 0; i < methods; i++) {
      if (bytes[2 + i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** Past this point there is no falling back: the listeners were told of the request. */
  private void startConnect(ConnectionTask.LoopConnect planned) {
    connect = planned;
    interest(clientKey, 0);
    try {
      SocketChannel channel = task.openServerOnLoop(planned);
      server = channel;
      connectDeadline = System.nanoTime() + planned.connectTimeoutNanos();
      if (channel.connect(planned.address())) {
        finishConnect();
      } else {
        loop.watch(channel, SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException | RuntimeException e) {
      connectFailed(e instanceof IOException io ? io : new IOException(e));
    }
  }

  private void finishConnect() {
    SocketChannel channel = server;
    ConnectionTask.LoopConnect planned = connect;
    if (channel == null || planned == null) {
      return;
    }
    try {
      if (!channel.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      connectFailed(e);
      return;
    }
    over = true;
    loop.timed(this, false);
    task.connectedOnLoop(planned, channel, loop);
  }

  private void connectFailed(IOException e) {
    over = true;
    loop.timed(this, false);
    ConnectionTask.LoopConnect planned = connect;
    if (planned != null) {
      task.connectFailedOnLoop(planned, e);
    }
  }

  /** Hands the connection to a thread that negotiates from the start. */
  private void fallBack() {
    if (over) {
      return;
    }
    over = true;
    loop.timed(this, false);
    byte[] read = Arrays.copyOf(received.array(), received.position());
    byte[] written = Arrays.copyOf(sent, sentCount);
    loop.release(client, () -> task.negotiateOnThread(read, written));
  }

  private static void interest(@Nullable SelectionKey key, int ops) {
    if (key != null && key.isValid()) {
      key.interestOps(ops);
    }
  }
}
