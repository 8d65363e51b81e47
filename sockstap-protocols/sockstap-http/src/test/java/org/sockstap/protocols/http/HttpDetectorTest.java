package org.sockstap.protocols.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.api.Detection.NEED_CLIENT_BYTES;
import static org.sockstap.api.Detection.NOT_RECOGNISED;
import static org.sockstap.api.Detection.RECOGNISED;
import static org.sockstap.core.testing.Splits.bytes;
import static org.sockstap.core.testing.Splits.input;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.core.testing.Splits;

class HttpDetectorTest {

  private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

  private final HttpDetector detector = new HttpDetector();

  static Stream<String> methods() {
    return HttpDetector.STANDARD_METHODS.stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("methods")
  void recognisesEveryStandardMethodOneByteAtATime(String method) {
    String line = method + " /x HTTP/1.1\r\n";
    Splits.assertClientPrefixes(detector, "", line, RECOGNISED, line.length());
    String bareLf = method + " /x HTTP/1.0\n";
    Splits.assertClientPrefixes(detector, "", bareLf, RECOGNISED, bareLf.length());
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        arguments("GET / HTTP/1.1\r\nHost: a\r\n\r\n", RECOGNISED, 16),
        arguments("CONNECT a.test:443 HTTP/1.1\r\n", RECOGNISED, 29),
        arguments("OPTIONS * HTTP/1.1\r\n", RECOGNISED, 20),
        arguments("GET http://b.test/ HTTP/1.1\r\n", RECOGNISED, 29),
        arguments("GET / HTTP/1.2\r\n", RECOGNISED, 16),
        arguments("GET / HTTP/2.0\r\n", RECOGNISED, 16),
        arguments("GET / HTTP/0.9\r\n", RECOGNISED, 16),
        arguments("GET /\r\n", RECOGNISED, 7),
        arguments("GET /a? HTTP/1.1 /b HTTP/1.1\r\n", RECOGNISED, 30),
        arguments("GET /a#b HTTP/1.1\r\n", RECOGNISED, 19),
        arguments("GET /a\u0000b HTTP/1.1\r\n", RECOGNISED, 19),
        arguments("GET  / HTTP/1.1\r\n", RECOGNISED, 17),
        arguments(PREFACE, RECOGNISED, 24),
        arguments(PREFACE + "\u0000\u0000\u0012\u0004", RECOGNISED, 24),
        arguments("get / HTTP/1.1\r\n", NOT_RECOGNISED, 1),
        arguments("Get / HTTP/1.1\r\n", NOT_RECOGNISED, 2),
        arguments("GEX / HTTP/1.1\r\n", NOT_RECOGNISED, 3),
        arguments("GETS / HTTP/1.1\r\n", NOT_RECOGNISED, 4),
        arguments("BREW /pot HTTP/1.1\r\n", NOT_RECOGNISED, 1),
        arguments("G\u0000ET / HTTP/1.1\r\n", NOT_RECOGNISED, 2),
        arguments(" GET / HTTP/1.1\r\n", NOT_RECOGNISED, 1),
        arguments("GET\t/ HTTP/1.1\r\n", NOT_RECOGNISED, 4),
        arguments("POST\r\n", NOT_RECOGNISED, 5),
        arguments("PROPFINDX / HTTP/1.1\r\n", NOT_RECOGNISED, 9),
        arguments("GET / HTTP/1.1\rX", NOT_RECOGNISED, 16),
        arguments("GET / FOO\r\n", NOT_RECOGNISED, 11),
        arguments("GET / http/1.1\r\n", NOT_RECOGNISED, 16),
        arguments("GET / HTTP/1.1 \r\n", NOT_RECOGNISED, 17),
        arguments("GET x\r\n", NOT_RECOGNISED, 7),
        arguments("POST /x\r\n", NOT_RECOGNISED, 9),
        arguments("GET \r\n", NOT_RECOGNISED, 6),
        arguments("PRI * HTTP/2.0\r\n\r\nXX", NOT_RECOGNISED, 19),
        arguments("USER anonymous\r\n", NOT_RECOGNISED, 2),
        arguments("EHLO x\r\n", NOT_RECOGNISED, 1),
        arguments("SSH-2.0-OpenSSH_9.6\r\n", NOT_RECOGNISED, 2),
        arguments("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003", NOT_RECOGNISED,
            1),
        arguments("\u0000\u0000\u0000\u0000", NOT_RECOGNISED, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void judgesEveryPrefix(String client, Detection expected, int decidedAt) {
    Splits.assertClientPrefixes(detector, "", client, expected, decidedAt);
  }

  @Test
  void recognisesExtraMethods() {
    HttpDetector extra = new HttpDetector(Set.of("BREW", "M-SEARCH"));
    Splits.assertClientPrefixes(extra, "", "BREW /pot HTTP/1.1\r\n", RECOGNISED, 20);
    Splits.assertClientPrefixes(extra, "", "M-SEARCH * HTTP/1.1\r\n", RECOGNISED, 21);
    Splits.assertClientPrefixes(extra, "", "GET / HTTP/1.1\r\n", RECOGNISED, 16);
    Splits.assertClientPrefixes(detector, "", "M-SEARCH * HTTP/1.1\r\n", NOT_RECOGNISED, 2);
    assertThrows(IllegalArgumentException.class, () -> new HttpDetector(Set.of("BR EW")));
    assertThrows(IllegalArgumentException.class, () -> new HttpDetector(Set.of("")));
  }

  @Test
  void aServerThatSpeaksFirstIsNotHttp() {
    assertEquals(NOT_RECOGNISED, detector.detect(input("220 ftp ready\r\n", "")));
    assertEquals(NOT_RECOGNISED, detector.detect(input("SSH-2.0-x\r\n", "GET / HTTP/1.1\r\n")));
  }

  @Test
  void waitsWhileNobodyHasSpoken() {
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input("", "")));
  }

  @Test
  void aClientThatClosesMidLineIsNotHttp() {
    byte[] none = new byte[0];
    assertEquals(NOT_RECOGNISED, detector.detect(input(none, none, true, false)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(none, bytes("GET / HT"), true, false)));
    assertEquals(RECOGNISED,
        detector.detect(input(none, bytes("GET / HTTP/1.1\r\n"), true, false)));
  }

  @Test
  void decidesOnALongLineAt4KiB() {
    String start = "GET /";
    String longest = start + "a".repeat(HttpDetector.LONG_LINE - start.length());
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input("", longest)));
    assertEquals(RECOGNISED, detector.detect(input("", longest + "a")));
    assertEquals(RECOGNISED, detector.detect(input("", start + "a".repeat(1 << 20))));
    // control characters and a line that never ends: not worth calling HTTP
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "GET /\u0001" + "a".repeat(5000))));
    // but a control character in a line that ends like a request: the handler answers 400
    assertEquals(RECOGNISED, detector.detect(input("", "GET /\u0001 HTTP/1.1\r\n")));
  }

  @Test
  void boundsTheWorkOnAMegabyte() {
    DetectionInput hugeLine = input("", "GET /" + "a".repeat(1 << 20));
    DetectionInput hugeControl = input("", "GET /\u0001" + "a".repeat(1 << 20));
    byte[] random = new byte[1 << 20];
    new Random(1).nextBytes(random);
    random[0] = 'G';
    DetectionInput binary = input(new byte[0], random, false, false);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 10_000; i++) {
        assertEquals(RECOGNISED, detector.detect(hugeLine));
        assertEquals(NOT_RECOGNISED, detector.detect(hugeControl));
        assertEquals(NOT_RECOGNISED, detector.detect(binary));
      }
    });
  }

  @Test
  void randomBytesAndTlsAreNotHttp() {
    // D2: binary and TLS go to the opaque relay, decided on their first bytes
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      byte[] data = new byte[256];
      random.nextBytes(data);
      assertEquals(NOT_RECOGNISED, detector.detect(input(new byte[0], data, false, false)));
    }
    byte[] clientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4};
    assertEquals(NOT_RECOGNISED, detector.detect(input(new byte[0], clientHello, false, false)));
  }

  @Test
  void ignoresTheBuffersPositions() {
    ByteBuffer client = ByteBuffer.wrap(bytes("junkGET / HTTP/1.1\r\n"));
    client.position(4);
    DetectionInput input = new DetectionInput(client, ByteBuffer.allocate(0),
        Splits.DESTINATION, false, false);
    assertEquals(RECOGNISED, detector.detect(input));
  }

  @Test
  void namesItselfAndItsPorts() {
    assertEquals("http", detector.protocol());
    assertEquals(Set.of(80, 8080, 8000, 3128), detector.wellKnownPorts());
  }

  @Test
  void isFoundByServiceLoader() {
    assertTrue(
        ServiceLoader.load(ProtocolDetector.class).stream()
            .anyMatch(provider -> provider.type() == HttpDetector.class),
        "META-INF/services registers HttpDetector");
  }
}
