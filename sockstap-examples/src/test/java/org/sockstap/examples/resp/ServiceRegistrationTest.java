package org.sockstap.examples.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.ProtocolHandler;

class ServiceRegistrationTest {
  @Test
  void serviceLoaderFindsTheDetector() {
    assertEquals(1, ServiceLoader.load(ProtocolDetector.class).stream()
        .filter(p -> p.type() == RespDetector.class)
        .map(ServiceLoader.Provider::get)
        .filter(d -> d.protocol().equals("resp"))
        .count());
  }

  @Test
  void serviceLoaderFindsTheHandler() {
    assertEquals(1, ServiceLoader.load(ProtocolHandler.class).stream()
        .filter(p -> p.type() == RespHandler.class)
        .map(ServiceLoader.Provider::get)
        .filter(h -> h.protocol().equals("resp"))
        .count());
  }
}
