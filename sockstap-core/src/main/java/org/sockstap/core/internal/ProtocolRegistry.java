package org.sockstap.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detectors and handlers a server uses: those registered on the builder, plus those found by
 * {@link ServiceLoader}. A provider that fails to load is logged and skipped, never fatal. One
 * registered on the builder replaces a discovered one of the same protocol. Detectors are ordered
 * by {@link ProtocolDetector#order()}, then protocol name, so detection is deterministic.
 */
public final class ProtocolRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolRegistry.class);

  private final List<ProtocolDetector> detectors;
  private final Map<String, ProtocolHandler> handlers;

  private ProtocolRegistry(List<ProtocolDetector> detectors, Map<String, ProtocolHandler> handlers) {
    this.detectors = List.copyOf(detectors);
    this.handlers = Map.copyOf(handlers);
  }

  /**
   * Builds the registry.
   *
   * @param explicitDetectors detectors registered on the builder
   * @param explicitHandlers handlers registered on the builder
   * @param classLoader where to discover providers, or null to skip discovery
   * @return the registry
   */
  public static ProtocolRegistry create(
      List<ProtocolDetector> explicitDetectors,
      List<ProtocolHandler> explicitHandlers,
      @Nullable ClassLoader classLoader) {
    Map<String, ProtocolDetector> detectors = new LinkedHashMap<>();
    Map<String, ProtocolHandler> handlers = new LinkedHashMap<>();
    if (classLoader != null) {
      for (ProtocolDetector d : discover(ProtocolDetector.class, classLoader)) {
        detectors.putIfAbsent(name(d.protocol(), d), d);
      }
      for (ProtocolHandler h : discover(ProtocolHandler.class, classLoader)) {
        handlers.putIfAbsent(name(h.protocol(), h), h);
      }
    }
    for (ProtocolDetector d : explicitDetectors) {
      detectors.put(name(d.protocol(), d), d);
    }
    for (ProtocolHandler h : explicitHandlers) {
      handlers.put(name(h.protocol(), h), h);
    }
    List<ProtocolDetector> ordered = new ArrayList<>(detectors.values());
    ordered.sort(
        Comparator.comparingInt(ProtocolDetector::order).thenComparing(ProtocolDetector::protocol));
    return new ProtocolRegistry(ordered, handlers);
  }

  private static <T> List<T> discover(Class<T> type, ClassLoader classLoader) {
    List<T> found = new ArrayList<>();
    Iterator<T> providers = ServiceLoader.load(type, classLoader).iterator();
    while (true) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        T provider = providers.next();
        found.add(provider);
        LOG.debug("found {} {}", type.getSimpleName(), provider.getClass().getName());
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.warn("skipping a {} provider that failed to load: {}", type.getSimpleName(), e.toString());
      }
    }
    return found;
  }

  private static String name(String protocol, Object provider) {
    if (protocol == null || protocol.isEmpty()) {
      throw new IllegalArgumentException(
          "protocol of " + provider.getClass().getName() + ": \"" + protocol
              + "\" (expected: a non-empty name)");
    }
    return protocol.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the detectors in detection order.
   *
   * @return the detectors
   */
  public List<ProtocolDetector> detectors() {
    return detectors;
  }

  /**
   * Returns the handler of a protocol.
   *
   * @param protocol the protocol name
   * @return the handler, or null when none is installed
   */
  public @Nullable ProtocolHandler handler(String protocol) {
    return handlers.get(protocol.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the names of the protocols that have a detector.
   *
   * @return the names, in detection order
   */
  public List<String> protocols() {
    List<String> names = new ArrayList<>();
    for (ProtocolDetector d : detectors) {
      names.add(d.protocol().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
