package org.sockstap.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.AccessLogSink;
import org.sockstap.api.Authenticator;
import org.sockstap.api.Cache;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.core.cache.DiskCache;
import org.sockstap.core.internal.AccessLogs;
import org.sockstap.core.internal.AccessPolicy;
import org.sockstap.core.internal.Listeners;
import org.sockstap.core.internal.ProtocolRegistry;
import org.sockstap.core.internal.ServerConfig;
import org.sockstap.core.internal.ServerRuntime;
import org.sockstap.core.internal.Threads;
import org.sockstap.core.internal.UserTable;
import org.sockstap.core.internal.route.Connectors;
import org.sockstap.core.internal.route.RouteRule;
import org.sockstap.core.internal.route.Router;
import org.sockstap.core.internal.socks.SocksSettings;
import org.sockstap.core.rules.ConnMap;
import org.sockstap.core.rules.HostList;
import org.sockstap.core.rules.ProtoList;
import org.sockstap.core.rules.TapRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running SocksTap server: a SOCKS 4/4a/5 server that recognises the application protocol of
 * each relayed connection and hands it to that protocol's handler, or relays it untouched.
 *
 * <p>Built and started by {@link Builder#build()}; immutable once built; stopped by
 * {@link #close()}, which stops accepting, gives live connections the grace period to finish and
 * then closes them. Thread-safe.
 *
 * <pre>{@code
 * try (SocksTapServer server = SocksTapServer.builder()
 *     .listen("127.0.0.1", 0)
 *     .user("alice", "secret")
 *     .tap("*")
 *     .build()) {
 *   InetSocketAddress address = server.localAddress();
 *   // point SOCKS clients at address
 * }
 * }</pre>
 */
public final class SocksTapServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocksTapServer.class);

  private final ServerRuntime runtime;
  private final CountDownLatch closed = new CountDownLatch(1);

  SocksTapServer(ServerConfig config) {
    try {
      this.runtime = new ServerRuntime(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    LOG.info("SocksTap listening on {}:{} (protocols: {}; {})",
        runtime.localAddress().getAddress().getHostAddress(), runtime.localAddress().getPort(),
        config.protocols().protocols(), runtime.threadsDescription());
  }

  /**
   * Returns a new builder with every default in place.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address the server listens on, with the real port when port 0 was asked for.
   *
   * @return the bound address
   */
  public InetSocketAddress localAddress() {
    return runtime.localAddress();
  }

  /**
   * Returns how many client connections are open now.
   *
   * @return the count
   */
  public int activeConnections() {
    return runtime.activeConnections();
  }

  /**
   * Returns how many threads the server's connections are running now (connection threads and
   * UDP relays; the relay loops, shared by all tunnels, are not counted). Zero once every
   * connection has closed, and zero for connections that are being relayed opaquely.
   *
   * @return the count
   */
  public int activeThreads() {
    return runtime.activeThreads();
  }

  /**
   * Returns the protocols that have a detector installed, in detection order.
   *
   * @return the protocol names
   */
  public List<String> protocols() {
    return runtime.config().protocols().protocols();
  }

  /**
   * Blocks until {@link #close()} has finished.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops accepting, lets live connections finish for the shutdown grace period, then closes
   * them and waits a bounded time for their threads. Idempotent.
   */
  @Override
  public void close() {
    try {
      runtime.close();
    } finally {
      closed.countDown();
    }
  }

  @Override
  public String toString() {
    return "SocksTapServer[" + localAddress() + "]";
  }

  /**
   * Configures and starts a {@link SocksTapServer}. Each option is checked when it is set;
   * combinations are checked by {@link #build()}. A single-valued option set twice is an error;
   * the repeatable ones ({@code user}, {@code tap}, {@code permit}, {@code reject}, {@code route},
   * {@code detector}, {@code handler}, {@code listener}) add in order. Not thread-safe.
   */
  public static final class Builder {
    private static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DEFAULT_DETECTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_LAZY_CLIENT_WINDOW = Duration.ofMillis(250);
    private static final Duration DEFAULT_BIND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);
    private static final int DEFAULT_MAX_CONNECTIONS = 4096;
    private static final int DEFAULT_DETECTION_BUFFER = 16 * 1024;

    private final Set<String> setOnce = new HashSet<>();
    private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1080);
    private @Nullable Boolean socks4;
    private boolean socks5 = true;
    private final Map<String, byte[]> users = new LinkedHashMap<>();
    private @Nullable Authenticator authenticator;
    private final List<TapRule> tapRules = new ArrayList<>();
    private boolean noTap;
    private final List<AccessPolicy.Rule> accessRules = new ArrayList<>();
    private final List<RouteRule> routes = new ArrayList<>();
    private final List<ProtocolDetector> detectors = new ArrayList<>();
    private final List<ProtocolHandler> handlers = new ArrayList<>();
    private boolean discoverProtocols = true;
    private @Nullable ClassLoader classLoader;
    private final List<ConnectionListener> listeners = new ArrayList<>();
    private final List<AccessLogSink> accessLogSinks = new ArrayList<>();
    private @Nullable Cache cache;
    private final Map<String, Map<String, String>> protocolParams = new LinkedHashMap<>();
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration detectionTimeout = DEFAULT_DETECTION_TIMEOUT;
    private Duration lazyClientWindow = DEFAULT_LAZY_CLIENT_WINDOW;
    private Duration bindTimeout = DEFAULT_BIND_TIMEOUT;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int detectionBufferSize = DEFAULT_DETECTION_BUFFER;
    private @Nullable ThreadFactory threadFactory;
    private boolean allowOpenProxy;
    private @Nullable Boolean blockInternalDestinations;

    Builder() {}

    /**
     * Sets where to listen. Default: {@code 127.0.0.1:1080}. Port 0 picks a free port; read it
     * back with {@link SocksTapServer#localAddress()}.
     *
     * @param host an address or name of this machine
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder listen(String host, int port) {
      Objects.requireNonNull(host, "host");
      return listen(new InetSocketAddress(host, checkPort(port)));
    }

    /**
     * Sets where to listen. Default: {@code 127.0.0.1:1080}.
     *
     * @param address the address; must be resolved
     * @return this builder
     */
    public Builder listen(InetSocketAddress address) {
      Objects.requireNonNull(address, "address");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "listen: " + address + " (expected: an address of this machine)");
      }
      once("listen");
      this.listen = address;
      return this;
    }

    /**
     * Serves SOCKS4 and SOCKS4a. Default: on without authentication, off with it (SOCKS4 cannot
     * carry a password, so allowing it beside authentication lets clients skip the password:
     * enable it explicitly only when that is acceptable).
     *
     * @param enabled whether to serve SOCKS4
     * @return this builder
     */
    public Builder socks4(boolean enabled) {
      once("socks4");
      this.socks4 = enabled;
      return this;
    }

    /**
     * Serves SOCKS5. Default: on.
     *
     * @param enabled whether to serve SOCKS5
     * @return this builder
     */
    public Builder socks5(boolean enabled) {
      once("socks5");
      this.socks5 = enabled;
      return this;
    }

    /**
     * Adds a user for RFC 1929 username/password authentication, which then becomes required.
     * Repeatable. Passwords are compared in constant time.
     *
     * @param name the user name, 1 to 255 bytes of UTF-8
     * @param password the password, 1 to 255 bytes of UTF-8
     * @return this builder
     */
    public Builder user(String name, String password) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(password, "password");
      checkCredentialLength("user name", name);
      checkCredentialLength("password of " + name, password);
      if (users.containsKey(name)) {
        throw new IllegalStateException("user: " + name + " (expected: each user once)");
      }
      users.put(name, password.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Sets the authenticator for RFC 1929 username/password authentication, which then becomes
     * required. Cannot be combined with {@link #user}.
     *
     * @param authenticator checks credentials
     * @return this builder
     */
    public Builder authenticator(Authenticator authenticator) {
      Objects.requireNonNull(authenticator, "authenticator");
      once("authenticator");
      this.authenticator = authenticator;
      return this;
    }

    /**
     * Adds a tap rule, DeleGate's {@code SOCKSTAP=ProtoList[:[dstHostList][:[srcHostList][:params]]]}
     * (the {@code SOCKSTAP=} prefix is optional). Repeatable; for each connection the rules whose
     * host lists match name the protocols to detect, and the first of them sets the connect mode
     * (param {@code connect=eager}, the default, or {@code connect=lazy}). Default when no rule
     * is added: {@code *}, every installed protocol on every connection.
     *
     * @param rule the rule text, for example {@code http,ftp:*.example.com::connect=lazy}
     * @return this builder
     */
    public Builder tap(String rule) {
      return tap(TapRule.parse(Objects.requireNonNull(rule, "rule")));
    }

    /**
     * Adds a parsed tap rule. Repeatable.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder tap(TapRule rule) {
      Objects.requireNonNull(rule, "rule");
      String mode = rule.params().get("connect");
      if (mode != null && !mode.equals("eager") && !mode.equals("lazy")) {
        throw new IllegalArgumentException("connect: " + mode + " (expected: eager or lazy)");
      }
      tapRules.add(rule);
      return this;
    }

    /**
     * Taps nothing: every connection is relayed opaquely, as a plain SOCKS server would.
     *
     * @return this builder
     */
    public Builder noTap() {
      once("noTap");
      this.noTap = true;
      return this;
    }

    /**
     * Adds a permit rule in connMap syntax, {@code ProtoList:dstHostList:srcHostList} (empty
     * fields mean {@code *}). Rules are checked in the order added, permit and reject alike;
     * the first that matches decides. Once any permit rule exists, connections no rule matches
     * are rejected. Default: no rules, every connection permitted.
     *
     * @param connMap for example {@code *:*:127.0.0.0/8} (clients from loopback only)
     * @return this builder
     */
    public Builder permit(String connMap) {
      return permit(ConnMap.parse(Objects.requireNonNull(connMap, "connMap")));
    }

    /**
     * Adds a parsed permit rule; see {@link #permit(String)}.
     *
     * @param connMap the protocols, destinations and clients it applies to
     * @return this builder
     */
    public Builder permit(ConnMap connMap) {
      accessRules.add(new AccessPolicy.Rule(true, connMap, connMap.toString()));
      return this;
    }

    /**
     * Adds a reject rule in connMap syntax; see {@link #permit(String)}.
     *
     * @param connMap for example {@code *:{*.internal,10.0.0.0/8}}
     * @return this builder
     */
    public Builder reject(String connMap) {
      return reject(ConnMap.parse(Objects.requireNonNull(connMap, "connMap")));
    }

    /**
     * Adds a parsed reject rule; see {@link #permit(String)}.
     *
     * @param connMap the protocols, destinations and clients it applies to
     * @return this builder
     */
    public Builder reject(ConnMap connMap) {
      accessRules.add(new AccessPolicy.Rule(false, connMap, connMap.toString()));
      return this;
    }

    /**
     * Adds a route: connections of the listed protocols to the listed destinations go through
     * an upstream proxy. Syntax {@code ProtoList:dstHostList=URI} with URI {@code
     * socks5://[user:password@]host:port}, {@code socks4://[user@]host:port} or {@code
     * http://[user:password@]host:port} (HTTP CONNECT). First match wins; default: direct. In
     * eager connect mode the server is connected before the protocol is known, so only routes
     * whose ProtoList includes {@code *} apply to that first connect.
     *
     * @param route for example {@code *:*.example.com=socks5://127.0.0.1:1081}
     * @return this builder
     */
    public Builder route(String route) {
      routes.add(RouteRule.parse(Objects.requireNonNull(route, "route")));
      return this;
    }

    /**
     * Adds a route from parsed parts; see {@link #route(String)}.
     *
     * @param protocols the protocols it applies to
     * @param destinations the destinations it applies to
     * @param upstream the upstream proxy, {@code socks5://}, {@code socks4://} or {@code http://}
     * @return this builder
     */
    public Builder route(ProtoList protocols, HostList destinations, URI upstream) {
      routes.add(new RouteRule(Objects.requireNonNull(protocols, "protocols"),
          Objects.requireNonNull(destinations, "destinations"),
          Connectors.fromUri(Objects.requireNonNull(upstream, "upstream"))));
      return this;
    }

    /**
     * Registers a protocol detector, replacing a discovered one of the same protocol. Repeatable.
     *
     * @param detector the detector
     * @return this builder
     */
    public Builder detector(ProtocolDetector detector) {
      detectors.add(Objects.requireNonNull(detector, "detector"));
      return this;
    }

    /**
     * Registers a protocol handler, replacing a discovered one of the same protocol. Repeatable.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder handler(ProtocolHandler handler) {
      handlers.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /**
     * Sets whether detectors and handlers are discovered with {@link java.util.ServiceLoader}.
     * Default: true.
     *
     * @param discover whether to discover
     * @return this builder
     */
    public Builder discoverProtocols(boolean discover) {
      once("discoverProtocols");
      this.discoverProtocols = discover;
      return this;
    }

    /**
     * Sets the class loader protocols are discovered in. Default: the thread context class
     * loader when the server is built, else this class's loader.
     *
     * @param loader the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader loader) {
      once("classLoader");
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Adds a connection listener. Repeatable; called in the order added.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ConnectionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds an access-log sink: it receives every access-log record handlers write, besides the
     * SLF4J logger {@code sockstap.access.<protocol>} that always does. Repeatable.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder accessLog(AccessLogSink sink) {
      accessLogSinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Sets the cache that protocol handlers share (see {@link Cache} for the contract). Default:
     * none, and handlers then cache nothing.
     *
     * @param cache the cache
     * @return this builder
     */
    public Builder cache(Cache cache) {
      once("cache");
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /**
     * Sets a {@link DiskCache} in a directory as the cache that protocol handlers share: opens
     * it now (creating the directory and indexing the entries already there) and sets it as
     * {@link #cache(Cache)} does; either method may be called once. Default: no cache, and
     * handlers then cache nothing. The server does not close the cache, which holds no file
     * open between operations.
     *
     * @param directory the cache directory, used by this cache only
     * @param maxBytes the size bound in bytes, at least 1 MiB
     * @return this builder
     * @throws UncheckedIOException when the directory cannot be created or read
     * @throws IllegalArgumentException when {@code maxBytes} is below 1 MiB
     */
    public Builder cacheDirectory(Path directory, long maxBytes) {
      Objects.requireNonNull(directory, "directory");
      if (setOnce.contains("cache")) {
        throw new IllegalStateException("cache was already set");
      }
      try {
        return cache(DiskCache.open(directory, maxBytes));
      } catch (IOException e) {
        throw new UncheckedIOException("cache directory: " + directory, e);
      }
    }

    /**
     * Sets a parameter of a protocol's handler for every connection; a tap rule's params
     * override it for the connections the rule selects. Which names mean something is up to
     * each handler. Repeatable.
     *
     * @param protocol the protocol, for example {@code resp}
     * @param name the parameter name, for example {@code deny}
     * @param value the value
     * @return this builder
     */
    public Builder protocolParam(String protocol, String name, String value) {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || protocol.isEmpty()) {
        throw new IllegalArgumentException(
            "protocolParam: " + protocol + "." + name + " (expected: non-empty names)");
      }
      protocolParams.computeIfAbsent(protocol.toLowerCase(Locale.ROOT), p -> new LinkedHashMap<>())
          .put(name, value);
      return this;
    }

    /**
     * Bounds the whole SOCKS negotiation, however slowly the client sends. Default: 10 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      once("handshakeTimeout");
      this.handshakeTimeout = positive("handshakeTimeout", timeout);
      return this;
    }

    /**
     * Bounds each connect to a server, upstream proxy handshakes included; a timeout is
     * answered with "TTL expired". Default: 10 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      once("connectTimeout");
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * Closes a connection when neither side has sent anything for this long. Default: 5 min.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      once("idleTimeout");
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /**
     * Bounds protocol detection; when it passes undecided, the port breaks the tie or the
     * connection is relayed opaquely. Detection never waits when a side has spoken and the
     * bytes decide. Default: 10 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder detectionTimeout(Duration timeout) {
      once("detectionTimeout");
      this.detectionTimeout = positive("detectionTimeout", timeout);
      return this;
    }

    /**
     * Sets how long lazy connect mode waits for the client to speak before it connects to the
     * server. Default: 250 ms.
     *
     * @param window a positive duration
     * @return this builder
     */
    public Builder lazyClientWindow(Duration window) {
      once("lazyClientWindow");
      this.lazyClientWindow = positive("lazyClientWindow", window);
      return this;
    }

    /**
     * Sets how long a BIND waits for its incoming connection. Default: 60 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder bindTimeout(Duration timeout) {
      once("bindTimeout");
      this.bindTimeout = positive("bindTimeout", timeout);
      return this;
    }

    /**
     * Sets how long {@link SocksTapServer#close()} lets live connections finish before closing
     * them. Default: 2 s.
     *
     * @param grace zero or more
     * @return this builder
     */
    public Builder shutdownGracePeriod(Duration grace) {
      once("shutdownGracePeriod");
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("shutdownGracePeriod: " + grace + " (expected: >= 0)");
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * Sets the most connections served at once; further ones are closed as soon as they are
     * accepted. Default: 4096.
     *
     * @param max 1 or more
     * @return this builder
     */
    public Builder maxConnections(int max) {
      once("maxConnections");
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections: " + max + " (expected: >= 1)");
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Sets the most bytes detection keeps from each side; a side that fills it undecided is
     * relayed opaquely. Default: 16 KiB.
     *
     * @param bytes 256 to 1 MiB
     * @return this builder
     */
    public Builder detectionBufferSize(int bytes) {
      once("detectionBufferSize");
      if (bytes < 256 || bytes > 1 << 20) {
        throw new IllegalArgumentException(
            "detectionBufferSize: " + bytes + " (expected: 256-1048576)");
      }
      this.detectionBufferSize = bytes;
      return this;
    }

    /**
     * Sets the factory of connection threads. Threads are named after their connection. Most
     * connections need none: the server's relay threads (one per processor) accept them, run the
     * common SOCKS5 handshake, detect and relay opaque tunnels. A connection gets a thread while
     * a protocol handler interprets it, or when its handshake needs more (SOCKS4, authentication,
     * host names, BIND/UDP, upstream routes, lazy taps).
     *
     * <p>Default: on Java 21 and later, pooled platform daemon threads for the first 256
     * connections at a time and virtual threads beyond (a blocking exchange costs about half the
     * CPU on a platform thread; a waiting connection costs a few KB on a virtual one); on 17,
     * pooled platform daemon threads. A factory given here is used for every connection: its
     * platform threads are pooled and reused (kept 30 s when idle), its virtual threads started
     * per connection.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory factory) {
      once("threadFactory");
      this.threadFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Allows listening on an address other hosts can reach without requiring authentication,
     * an open proxy. Default: false, and {@link #build()} refuses that combination.
     *
     * @param allow whether to allow it
     * @return this builder
     */
    public Builder allowOpenProxy(boolean allow) {
      once("allowOpenProxy");
      this.allowOpenProxy = allow;
      return this;
    }

    /**
     * Refuses destinations inside this machine or non-public networks (loopback, private,
     * link-local, CGNAT, unique-local, multicast, broadcast, unspecified) and port 25. Default:
     * on when the listener is reachable from other hosts, off when it listens on loopback only.
     *
     * @param block whether to refuse them
     * @return this builder
     */
    public Builder blockInternalDestinations(boolean block) {
      once("blockInternalDestinations");
      this.blockInternalDestinations = block;
      return this;
    }

    /**
     * Checks the combination of options, binds the listener and starts accepting.
     *
     * @return the running server
     * @throws IllegalStateException for a combination that is not allowed (an open proxy, users
     *     beside an authenticator)
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public SocksTapServer build() {
      if (!users.isEmpty() && authenticator != null) {
        throw new IllegalStateException("user() and authenticator() are exclusive");
      }
      if (!socks5 && Boolean.FALSE.equals(socks4)) {
        throw new IllegalStateException("socks4 and socks5 are both disabled");
      }
      Authenticator auth = authenticator != null
          ? authenticator : users.isEmpty() ? null : new UserTable(users);
      boolean loopbackOnly = listen.getAddress().isLoopbackAddress();
      if (!loopbackOnly && auth == null && !allowOpenProxy) {
        throw new IllegalStateException("listen: " + listen + " is reachable from other hosts"
            + " and no authentication is required (expected: user(), authenticator() or"
            + " allowOpenProxy(true))");
      }
      boolean v4 = socks4 != null ? socks4 : auth == null;
      ClassLoader loader = classLoader != null ? classLoader
          : Thread.currentThread().getContextClassLoader() != null
              ? Thread.currentThread().getContextClassLoader()
              : SocksTapServer.class.getClassLoader();
      List<TapRule> taps = noTap ? List.of()
          : tapRules.isEmpty() ? List.of(TapRule.parse("*")) : List.copyOf(tapRules);
      ServerConfig config = new ServerConfig(
          listen,
          new SocksSettings(v4, socks5, auth),
          taps,
          new AccessPolicy(accessRules,
              blockInternalDestinations != null ? blockInternalDestinations : !loopbackOnly),
          Router.of(routes),
          ProtocolRegistry.create(detectors, handlers, discoverProtocols ? loader : null),
          new Listeners(listeners),
          new AccessLogs(accessLogSinks),
          cache,
          copyParams(protocolParams),
          handshakeTimeout,
          connectTimeout,
          idleTimeout,
          detectionTimeout,
          lazyClientWindow,
          bindTimeout,
          shutdownGrace,
          maxConnections,
          detectionBufferSize,
          threadFactory != null ? threadFactory : Threads.defaultConnectionThreads());
      return new SocksTapServer(config);
    }

    private static Map<String, Map<String, String>> copyParams(
        Map<String, Map<String, String>> params) {
      Map<String, Map<String, String>> copy = new LinkedHashMap<>();
      params.forEach((protocol, values) -> copy.put(protocol, Map.copyOf(values)));
      return Map.copyOf(copy);
    }

    private void once(String option) {
      if (!setOnce.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      return port;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
      }
      return value;
    }

    private static void checkCredentialLength(String what, String value) {
      int length = value.getBytes(StandardCharsets.UTF_8).length;
      if (length < 1 || length > 255) {
        throw new IllegalArgumentException(
            what + ": " + length + " bytes (expected: 1-255 bytes of UTF-8)");
      }
    }
  }
}
