package org.sockstap.protocols.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.ProtocolHandler;

class ServiceLoaderTest {

  @Test
  void findsTheDetector() {
    List<ProtocolDetector> found = ServiceLoader.load(ProtocolDetector.class).stream()
        .filter(provider -> provider.type() == TlsDetector.class)
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toList());
    assertEquals(1, found.size(), "META-INF/services registers TlsDetector once");
    assertEquals("tls", found.get(0).protocol());
  }

  @Test
  void findsTheHandler() {
    List<ProtocolHandler> found = ServiceLoader.load(ProtocolHandler.class).stream()
        .filter(provider -> provider.type() == TlsHandler.class)
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toList());
    assertEquals(1, found.size(), "META-INF/services registers TlsHandler once");
    assertEquals("tls", found.get(0).protocol());
  }
}
