package org.sockstap.core.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.api.ConnectionSummary.Outcome;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.core.internal.detect.DetectionResult;
import org.sockstap.core.internal.relay.DetectionWatch;
import org.sockstap.core.internal.relay.RelayEnd;
import org.sockstap.core.internal.relay.RelayLoop;
import org.sockstap.core.internal.relay.RelayOutcome;
import org.sockstap.core.internal.relay.Tunnel;
import org.sockstap.core.internal.route.Connector;
import org.sockstap.core.internal.route.DirectConnector;
import org.sockstap.core.internal.route.UpstreamFailure;
import org.sockstap.core.internal.session.ServerSide;
import org.sockstap.core.internal.session.SocketPeer;
import org.sockstap.core.internal.session.TappedSession;
import org.sockstap.core.internal.socks.HandshakeFailure;
import org.sockstap.core.internal.socks.Reply;
import org.sockstap.core.internal.socks.SocksNegotiator;
import org.sockstap.core.internal.socks.SocksReplies;
import org.sockstap.core.internal.socks.SocksRequest;
import org.sockstap.core.rules.HostRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one connection, on its own thread: SOCKS negotiation, access check, tap decision,
 * connect, detection, then a protocol handler or the opaque relay; and, whatever happens, every
 * socket closed and the listeners told once in {@code finally}.
 */
final class ConnectionTask implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTask.class);

  private final ServerRuntime runtime;
  private final ServerConfig config;
  private final SocketChannel client;
  private final String id;
  private final Instant opened = Instant.now();
  private final long openedNanos = System.nanoTime();
  private final List<ServerSide> servers = new CopyOnWriteArrayList<>();
  private final ConnectionRecord record = new ConnectionRecord();
  private @Nullable ConnectionInfo info;
  private @Nullable SocketPeer clientPeer;
  private volatile @Nullable Tunnel tunnel;
  /**
   * Changes whenever the connection moves on (to a relay loop, or to a new thread): a thread
   * finishes the connection only if it still owns it when it is done.
   */
  private final AtomicInteger owner = new AtomicInteger();
  /** The handshake a relay loop runs for this connection, until the loop is done with it. */
  private volatile @Nullable LoopHandshake handshake;
  /** Set by the one call of {@link #finish} that counts. */
  private final AtomicBoolean finished = new AtomicBoolean();
  /** The server socket a relay loop is connecting, until it is a ServerSide in servers. */
  private volatile @Nullable SocketChannel connecting;
  /** Whether a handler handed the connection to the relay and returned. */
  private volatile boolean handedOver;
  /** Whether the listeners hear of this connection from the finishing thread. */
  private volatile boolean listenersLater;
  /** Bytes the relay loops moved for this connection, on top of what its peers delivered. */
  private volatile long clientBytesRelayed;
  private volatile long serverBytesRelayed;

  ConnectionTask(ServerRuntime runtime, SocketChannel client, String id) {
    this.runtime = runtime;
    this.config = runtime.config();
    this.client = client;
    this.id = id;
  }

  String id() {
    return id;
  }

  @Override
  public void run() {
    guarded(this::serve);
  }

  /** A part of the connection that runs on a thread. */
  @FunctionalInterface
  private interface Part {
    void run() throws IOException;
  }

  /** Runs a part; unless it handed the connection to the relay, finishes the connection. */
  private void guarded(Part part) {
    int mine = owner.get();
    try {
      part.run();
    } catch (HandshakeFailure e) {
      record.endIfOpen(e.isAuthFailure() ? Outcome.REJECTED : Outcome.FAILED, e.getMessage());
      LOG.info("{} SOCKS negotiation failed from {}: {}", id, remoteText(), e.getMessage());
    } catch (SocketTimeoutException e) {
      record.endIfOpen(Outcome.TIMED_OUT, info == null ? "handshake timeout" : "idle timeout");
      LOG.debug("{} timed out: {}", id, e.getMessage());
    } catch (IOException e) {
      record.endIfOpen(runtime.isClosing() ? Outcome.SHUT_DOWN : Outcome.FAILED, e.toString());
      LOG.debug("{} I/O: {}", id, e.toString());
    } catch (RuntimeException | Error e) {
      record.endIfOpen(Outcome.FAILED, e.toString());
      LOG.warn("{} failed", id, e);
    } finally {
      if (owner.get() == mine) {
        finish();
      }
    }
  }

  /** Closes every socket, frees the connection's permit and tells the listeners, once. */
  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    handshake = null;
    closeSockets();
    runtime.finished(this);
    ConnectionInfo known = info;
    if (known != null) {
      ConnectionSummary summary = record.summary(
          (clientPeer == null ? 0 : clientPeer.bytesRead()) + clientBytesRelayed,
          serverBytes() + serverBytesRelayed,
          Duration.ofNanos(System.nanoTime() - openedNanos));
      ConnectionLog.closed(known, summary, record);
      config.listeners().closed(known, summary);
    }
  }

  private void serve() throws IOException {
    serve(new byte[0], new byte[0]);
  }

  /**
   * Negotiates and serves the connection on this thread.
   *
   * @param alreadyRead handshake bytes a relay loop read before handing the connection over
   * @param alreadyWritten what the loop answered: the negotiator writes it again, checked, not sent
   */
  private void serve(byte[] alreadyRead, byte[] alreadyWritten) throws IOException {
    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    InetSocketAddress source = (InetSocketAddress) client.getRemoteAddress();
    long deadline = openedNanos + config.handshakeTimeout().toNanos();
    OutputStream out = client.socket().getOutputStream();
    InputStream in = new DeadlineInputStream(client.socket(), deadline);
    if (alreadyRead.length > 0) {
      in = new SequenceInputStream(new ByteArrayInputStream(alreadyRead), in);
    }
    if (alreadyWritten.length > 0) {
      out = new AlreadySentOutputStream(out, alreadyWritten);
    }
    SocksRequest request = new SocksNegotiator(config.socks()).negotiate(in, out, source);
    ConnectionInfo connection = new ConnectionInfo(
        id, source, request.user(), request.destination(), request.version(), opened);
    info = connection;
    record.command = request.command().name();
    config.listeners().opened(connection);
    HostRef src = new HostRef(null, source.getAddress(), -1, request.user());
    switch (request.command()) {
      case CONNECT:
        connect(request, connection, src, out);
        break;
      case BIND:
      case UDP_ASSOCIATE:
        new AssociateCommands(runtime, this, record).run(request, connection, src, client, out);
        break;
      default:
        SocksReplies.write(out, request.version(), Reply.COMMAND_NOT_SUPPORTED, null);
        record.end(Outcome.FAILED, "command not supported");
    }
  }

  private void connect(SocksRequest request, ConnectionInfo connection, HostRef src,
      OutputStream out) throws IOException {
    Endpoint asked = request.destination();
    String name = request.nameGiven() ? asked.host() : null;
    Connector route = config.router().select(null, Destinations.ref(asked, name, IpLiterals.parse(asked.host()),
        request.user()));
    record.route = route.describe();
    HostRef dst;
    try {
      dst = Destinations.resolve(route, asked, name, request.user());
    } catch (UnknownHostException e) {
      SocksReplies.write(out, request.version(), Reply.HOST_UNREACHABLE, null);
      record.end(Outcome.UNREACHABLE, "cannot resolve " + LogText.escape(asked.host()));
      return;
    }
    String rejection = config.access().rejection(null, false, dst, src);
    if (rejection != null) {
      SocksReplies.write(out, request.version(), Reply.NOT_ALLOWED, null);
      record.end(Outcome.REJECTED, rejection);
      return;
    }
    Endpoint target = dst.address() == null
        ? asked : new Endpoint(dst.address().getHostAddress(), asked.port());
    TapPlan plan = TapPlan.select(config.tapRules(), config.protocols().detectors(), dst, src);
    ServerSide server = null;
    if (plan == null || !plan.lazy()) {
      server = connectAndReply(route, target, request, out);
      if (server == null) {
        return;
      }
    } else {
      SocksReplies.write(out, request.version(), Reply.SUCCEEDED, null);
    }
    if (plan == null) {
      record.detection = "not-tapped";
      relay(new SocketPeer(client, request.pipelined(), 0, request.pipelined().length, false),
          server);
      return;
    }
    TapRun run = new TapRun(this, config, plan, connection);
    TapContext context = new TapContext(plan, connection, dst, src, route, target);
    if (server != null) {
      detectOnRelayLoop(run, request.pipelined(), server, context);
      return;
    }
    DetectionResult result = run.detect(client, null, request.pipelined(),
        () -> lateConnect(route, target));
    run.report(result);
    run.tellListeners(result);
    tapped(result, context, servers.isEmpty() ? null : servers.get(0));
  }

  /** Starts the handshake on the relay loop that accepted the connection, on its thread. */
  void negotiateHere(RelayLoop loop) {
    LoopHandshake started =
        new LoopHandshake(this, loop, client, openedNanos + config.handshakeTimeout().toNanos());
    handshake = started;
    started.begin();
  }

  /** What a relay loop needs to connect on its own. */
  record LoopConnect(SocksRequest request, InetSocketAddress address, InetSocketAddress source,
      Connector route, HostRef dst, HostRef src, @Nullable TapPlan plan,
      long connectTimeoutNanos) {}

  /**
   * Decides whether a relay loop can carry out a SOCKS5 CONNECT to an address by itself: a
   * direct route, admitted by the rules, tapped eagerly or not at all. Null: a thread must.
   */
  @Nullable LoopConnect loopConnect(SocksRequest request, InetAddress address) throws IOException {
    Endpoint asked = request.destination();
    HostRef dst = Destinations.ref(asked, null, address, null);
    Connector route = config.router().select(null, dst);
    if (!(route instanceof DirectConnector)) {
      return null;
    }
    InetSocketAddress source = (InetSocketAddress) client.getRemoteAddress();
    HostRef src = new HostRef(null, source.getAddress(), -1, null);
    if (config.access().rejection(null, false, dst, src) != null) {
      return null;
    }
    TapPlan plan = TapPlan.select(config.tapRules(), config.protocols().detectors(), dst, src);
    if (plan != null && plan.lazy()) {
      return null;
    }
    return new LoopConnect(request, new InetSocketAddress(address, asked.port()), source, route,
        dst, src, plan, config.connectTimeout().toNanos());
  }

  /** The loop takes the request on: the listeners hear of it, the server socket is opened. */
  SocketChannel openServerOnLoop(LoopConnect planned) throws IOException {
    SocksRequest request = planned.request();
    ConnectionInfo connection = new ConnectionInfo(id, planned.source(), null,
        request.destination(), 5, opened);
    info = connection;
    record.command = request.command().name();
    record.route = planned.route().describe();
    if (config.listeners().hearsOpened()) {
      listenersLater = true;
      runtime.finishLater(() -> config.listeners().opened(connection));
    }
    SocketChannel channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      setIdleTimeout(channel);
      connecting = channel;
      if (runtime.isClosing()) {
        throw new SocketException("server is closing");
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Connected on the loop: reply, then detection or the relay, on the same loop. */
  void connectedOnLoop(LoopConnect planned, SocketChannel channel, RelayLoop loop) {
    handshake = null;
    ServerSide server;
    try {
      server = new ServerSide(channel, planned.request().destination(), record.route,
          new byte[0], 0, 0, false);
      servers.add(server);
      connecting = null;
      replyOnLoop(Reply.SUCCEEDED, (InetSocketAddress) channel.getLocalAddress());
    } catch (IOException e) {
      failedOnLoop("client side: " + e.getMessage());
      return;
    }
    byte[] pipelined = planned.request().pipelined();
    TapPlan plan = planned.plan();
    if (plan == null) {
      record.detection = "not-tapped";
      tunnel = loop.startHere(new RelayEnd(client, ByteBuffer.wrap(pipelined), false),
          new RelayEnd(channel, null, false), config.idleTimeout().toNanos(),
          this::relayedOnLoop);
      return;
    }
    ConnectionInfo connection = info;
    Endpoint target = new Endpoint(planned.address().getAddress().getHostAddress(),
        planned.address().getPort());
    TapRun run = new TapRun(this, config, plan, connection);
    TapContext context = new TapContext(plan, connection, planned.dst(), planned.src(),
        planned.route(), target);
    loop.detectHere(client, channel, run.newDetection(pipelined),
        System.nanoTime() + config.detectionTimeout().toNanos(),
        detectionListener(run, server, context));
  }

  /** The loop's connect failed: the client gets the reply the thread would have given. */
  void connectFailedOnLoop(LoopConnect planned, IOException e) {
    UpstreamFailure failure = DirectConnector.classify(e, record.route + ": connect to "
        + planned.request().destination() + " failed: " + e);
    record.end(Outcome.UNREACHABLE, failure.getMessage());
    try {
      replyOnLoop(Reply.forFailure(failure), null);
    } catch (IOException ignored) {
      // the client is gone as well; the connection ends either way
    }
    runtime.finishLater(this::finish);
  }

  /** Ends a connection the loop was handling. */
  void failedOnLoop(String reason) {
    record.endIfOpen(runtime.isClosing() ? Outcome.SHUT_DOWN : Outcome.FAILED, reason);
    runtime.finishLater(this::finish);
  }

  private void replyOnLoop(Reply reply, @Nullable InetSocketAddress bound) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(22);
    SocksReplies.write(bytes, 5, reply, bound);
    ByteBuffer pending = ByteBuffer.wrap(bytes.toByteArray());
    client.write(pending);
    if (pending.hasRemaining()) {
      throw new IOException("client does not take the SOCKS reply");
    }
  }

  /** The loop gave up on the handshake: a thread negotiates from the start. */
  void negotiateOnThread(byte[] alreadyRead, byte[] alreadyWritten) {
    handshake = null;
    try {
      client.configureBlocking(true);
      runtime.runConnection("sockstap-" + id, () -> guarded(() -> serve(alreadyRead,
          alreadyWritten)));
    } catch (IOException | RuntimeException e) {
      failedOnLoop("cannot continue the handshake: " + e);
    }
  }

  private void relayedOnLoop(Tunnel done) {
    countRelayed(done);
    relayOutcome(done.outcome());
    runtime.finishLater(this::finish);
  }

  /** What the tapped part of a connection needs to know after detection. */
  private record TapContext(TapPlan plan, ConnectionInfo connection, HostRef dst, HostRef src,
      Connector route, Endpoint target) {}

  /**
   * Eager mode: the server is connected, so the relay loop watches both sides for the first
   * bytes and this thread ends here. A connection with nothing to interpret never needs a
   * thread again; one with a handler gets a new thread once decided.
   */
  private void detectOnRelayLoop(TapRun run, byte[] pipelined, ServerSide server,
      TapContext context) throws IOException {
    owner.incrementAndGet();
    try {
      runtime.relays().detect(client, server.channel(), run.newDetection(pipelined),
          System.nanoTime() + config.detectionTimeout().toNanos(),
          detectionListener(run, server, context));
    } catch (IOException | RuntimeException e) {
      owner.decrementAndGet();
      throw e;
    }
  }

  private DetectionWatch.DetectionListener detectionListener(TapRun run, ServerSide server,
      TapContext context) {
    return new DetectionWatch.DetectionListener() {
      @Override
      public void decided(DetectionResult result, DetectionWatch.Handoff next) {
        afterRelayLoopDetection(run, result, next, server, context);
      }

      @Override
      public void failed(Exception error) {
        failedOnLoop(error.toString());
      }
    };
  }

  /** On the relay loop's thread: relay right there, or hand the connection to a handler. */
  private void afterRelayLoopDetection(TapRun run, DetectionResult result,
      DetectionWatch.Handoff next, ServerSide server, TapContext context) {
    run.report(result);
    String protocol = result.detector() == null ? null : result.detector().protocol();
    String rejection = config.access().rejection(protocol, true, context.dst(), context.src());
    if (rejection == null && protocol != null && config.protocols().handler(protocol) != null) {
      next.release(() -> continueOnThread(run, result, server, context));
      return;
    }
    if (config.listeners().hearsDetected()) {
      runtime.finishLater(() -> run.tellListeners(result));
    }
    record.protocol = protocol;
    if (rejection != null) {
      record.end(Outcome.REJECTED, rejection);
      next.release(() -> runtime.finishLater(this::finish));
      return;
    }
    if (protocol != null) {
      record.detail = "no handler installed for " + protocol;
    }
    byte[] fromServer = result.serverPrefix();
    tunnel = next.relay(ByteBuffer.wrap(result.clientPrefix()), result.clientEnded(),
        ByteBuffer.wrap(fromServer, result.serverForwarded(),
            fromServer.length - result.serverForwarded()),
        result.serverEnded(), config.idleTimeout(), this::relayedOnLoop);
  }

  /** Back on a thread of its own, in blocking mode, for the handler. */
  private void continueOnThread(TapRun run, DetectionResult result, ServerSide server,
      TapContext context) {
    owner.incrementAndGet();
    Runnable start = () -> {
      try {
        runtime.runConnection("sockstap-" + id, () -> guarded(() -> {
          client.configureBlocking(true);
          server.channel().configureBlocking(true);
          run.tellListeners(result);
          tapped(result, context, server);
        }));
      } catch (RuntimeException | Error e) {
        record.endIfOpen(Outcome.FAILED, "cannot start a thread: " + e);
        runtime.finishLater(this::finish);
      }
    };
    if (listenersLater) {
      // opened() is still queued for the finishing thread: the handler's calls come after it
      runtime.continueSoon(start);
    } else {
      start.run();
    }
  }

  private void tapped(DetectionResult result, TapContext context, @Nullable ServerSide open)
      throws IOException {
    TapPlan plan = context.plan();
    ConnectionInfo connection = context.connection();
    HostRef dst = context.dst();
    HostRef src = context.src();
    Connector route = context.route();
    Endpoint target = context.target();
    String protocol = result.detector() == null ? null : result.detector().protocol();
    record.protocol = protocol;
    String rejection = config.access().rejection(protocol, true, dst, src);
    if (rejection != null) {
      record.end(Outcome.REJECTED, rejection);
      return;
    }
    SocketPeer peer = new SocketPeer(client, result.clientPrefix(), 0,
        result.clientPrefix().length, result.clientEnded());
    clientPeer = peer;
    ServerSide server = open == null ? null : replaying(open, result);
    ProtocolHandler handler = protocol == null ? null : config.protocols().handler(protocol);
    if (handler == null) {
      if (protocol != null) {
        record.detail = "no handler installed for " + protocol;
      }
      relay(peer, server != null ? server : lateConnect(route, target));
      return;
    }
    setIdleTimeout(client);
    TappedSession session = new TappedSession(connection, protocol, params(plan, protocol),
        peer, server, java.util.Arrays.copyOf(result.serverPrefix(), result.serverForwarded()),
        endpoint -> dialFor(protocol, endpoint, src), servers::add,
        new TappedSession.OpaqueRelayStarter() {
          @Override
          public void relay(SocketPeer c, ServerSide s) {
            relayForHandler(c, s);
          }

          @Override
          public void handOver(SocketPeer c, ServerSide s) throws IOException {
            if (handedOver) {
              throw new IllegalStateException("the connection was already handed to the relay");
            }
            ConnectionTask.this.relay(c, s);
            handedOver = true;
          }
        },
        t -> config.listeners().transaction(connection, t),
        line -> config.accessLogs().write(protocol, line), config.cache(), config.idleTimeout());
    try {
      handler.handle(session);
      if (!handedOver) {
        record.endIfOpen(Outcome.COMPLETED, null);
      }
    } catch (IOException e) {
      if (handedOver) {
        LOG.debug("{} {} handler failed after handing over to the relay: {}", id, protocol,
            e.toString());
      } else {
        record.endIfOpen(e instanceof SocketTimeoutException ? Outcome.TIMED_OUT
            : Outcome.FAILED, protocol + " handler: " + e);
      }
    } catch (RuntimeException e) {
      LOG.warn("{} handler {} ({}) failed", id, protocol, handler.getClass().getName(), e);
      if (!handedOver) {
        record.endIfOpen(Outcome.FAILED,
            "handler " + handler.getClass().getName() + " failed: " + e);
      }
    }
  }

  /** The builder's parameters for the protocol, overridden by the tap rule's. */
  private Map<String, String> params(TapPlan plan, String protocol) {
    Map<String, String> defaults = config.protocolParams().getOrDefault(protocol, Map.of());
    Map<String, String> rule = plan.paramsFor(protocol);
    if (defaults.isEmpty()) {
      return rule;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    merged.putAll(rule);
    return merged;
  }

  /** Re-wraps the server side so that the bytes detection read (and did not forward) replay. */
  private ServerSide replaying(ServerSide open, DetectionResult result) throws IOException {
    ServerSide replay = new ServerSide(open.channel(), open.endpoint(), open.route(),
        result.serverPrefix(), result.serverForwarded(),
        result.serverPrefix().length - result.serverForwarded(), result.serverEnded());
    servers.set(servers.indexOf(open), replay);
    return replay;
  }

  SocketChannel clientChannel() {
    return client;
  }

  /** Takes a connection that BIND accepted into this connection's care. */
  void adopt(ServerSide side) {
    servers.add(side);
  }

  /**
   * Hands the connection to the relay loops as the last thing its thread does: the thread ends
   * and the relay finishes the connection when both directions are done.
   */
  void relay(SocketPeer peer, ServerSide server) throws IOException {
    clientPeer = peer;
    owner.incrementAndGet();
    try {
      tunnel = runtime.relays().start(peer.toRelay(), server.toRelay(), config.idleTimeout(),
          this::relayedOnLoop);
    } catch (IOException | RuntimeException e) {
      owner.decrementAndGet();
      throw e;
    }
  }

  /** Relays on behalf of a handler, which waits until the relay is over. */
  private void relayForHandler(SocketPeer peer, ServerSide server) {
    try {
      Tunnel started = runtime.relays().start(peer.toRelay(), server.toRelay(),
          config.idleTimeout(), this::countRelayed);
      tunnel = started;
      relayOutcome(awaitRelay(started));
    } catch (IOException e) {
      relayOutcome(RelayOutcome.failed(e.toString()));
    }
  }

  private static RelayOutcome awaitRelay(Tunnel started) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.await();
        } catch (InterruptedException e) {
          interrupted = true;
          started.abort("interrupted");
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Adds what a relay moved (bytes read before it and handed to it included) to the counts. */
  private void countRelayed(Tunnel done) {
    clientBytesRelayed += done.bytesFromClient();
    serverBytesRelayed += done.bytesFromServer();
  }

  private void relayOutcome(RelayOutcome outcome) {
    switch (outcome.kind()) {
      case TIMED_OUT:
        record.endIfOpen(Outcome.TIMED_OUT, outcome.detail());
        break;
      case FAILED:
        record.endIfOpen(runtime.isClosing() ? Outcome.SHUT_DOWN : Outcome.FAILED,
            outcome.detail());
        break;
      default:
        record.endIfOpen(Outcome.COMPLETED, null);
    }
  }

  /** Connects for the CONNECT request and answers the client; null when it failed (answered). */
  private @Nullable ServerSide connectAndReply(Connector route, Endpoint target,
      SocksRequest request, OutputStream out) throws IOException {
    ServerSide server;
    try {
      server = open(route, target, record.route);
    } catch (UpstreamFailure e) {
      SocksReplies.write(out, request.version(), Reply.forFailure(e), null);
      record.end(Outcome.UNREACHABLE, e.getMessage());
      return null;
    } catch (IOException e) {
      SocksReplies.write(out, request.version(), Reply.GENERAL_FAILURE, null);
      record.end(Outcome.UNREACHABLE, e.toString());
      return null;
    }
    SocksReplies.write(out, request.version(), Reply.SUCCEEDED,
        (InetSocketAddress) server.channel().getLocalAddress());
    return server;
  }

  /** The connect of lazy mode, after the client was told it succeeded: failing closes it. */
  ServerSide lateConnect(Connector route, Endpoint target) throws IOException {
    if (!servers.isEmpty()) {
      return servers.get(0);
    }
    try {
      return open(route, target, record.route);
    } catch (IOException e) {
      record.end(Outcome.UNREACHABLE, e.getMessage());
      throw e;
    }
  }

  private ServerSide dialFor(String protocol, Endpoint endpoint, HostRef src) throws IOException {
    String name = IpLiterals.isLiteral(endpoint.host()) ? null : endpoint.host();
    InetAddress address = IpLiterals.parse(endpoint.host());
    String user = info == null ? null : info.user();
    Connector route = config.router().select(protocol, Destinations.ref(endpoint, name, address, user));
    HostRef dst = Destinations.resolve(route, endpoint, name, user);
    String rejection = config.access().rejection(protocol, true, dst, src);
    if (rejection != null) {
      throw new UpstreamFailure(UpstreamFailure.Kind.NOT_ALLOWED, rejection);
    }
    Endpoint target = dst.address() == null
        ? endpoint : new Endpoint(dst.address().getHostAddress(), endpoint.port());
    return open(route, target, route.describe());
  }

  private ServerSide open(Connector route, Endpoint target, @Nullable String routeName)
      throws IOException {
    SocketChannel channel = route.connect(target, config.connectTimeout());
    try {
      ServerSide side = new ServerSide(channel, target,
          routeName == null ? route.describe() : routeName, new byte[0], 0, 0, false);
      servers.add(side);
      if (runtime.isClosing()) {
        throw new SocketException("server is closing");
      }
      setIdleTimeout(channel);
      return side;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private void setIdleTimeout(SocketChannel channel) throws SocketException {
    long millis = config.idleTimeout().toMillis();
    channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, millis)));
  }

  private long serverBytes() {
    long total = 0;
    for (ServerSide s : servers) {
      total += s.bytesRead();
    }
    return total;
  }

  private String remoteText() {
    try {
      return String.valueOf(client.getRemoteAddress());
    } catch (IOException e) {
      return "?";
    }
  }

  void detected(String decidedBy, int clientBytes, int serverBytes) {
    record.detection = decidedBy;
    record.inspected = clientBytes + "/" + serverBytes;
  }

  /** Closes every socket of the connection; a blocked read on any of them then fails. */
  void closeSockets() {
    LoopHandshake negotiating = handshake;
    if (negotiating != null) {
      negotiating.abort();
    }
    Tunnel relaying = tunnel;
    if (relaying != null) {
      relaying.abort("connection closed");
    }
    closeQuietly(client);
    SocketChannel half = connecting;
    if (half != null) {
      closeQuietly(half);
    }
    for (ServerSide s : servers) {
      closeQuietly(s.channel());
    }
  }

  /** Called by close() once the grace period is over. */
  void shutDown() {
    record.endIfOpen(Outcome.SHUT_DOWN, "server closed");
    closeSockets();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is best effort; the channel is unusable either way
    }
  }
}
