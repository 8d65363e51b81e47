package org.sockstap.protocols.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.api.Detection.NEED_CLIENT_BYTES;
import static org.sockstap.api.Detection.NOT_RECOGNISED;
import static org.sockstap.api.Detection.RECOGNISED;
import static org.sockstap.core.testing.Bytes.ascii;
import static org.sockstap.core.testing.Bytes.hex;
import static org.sockstap.core.testing.Splits.input;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.core.testing.Greetings;
import org.sockstap.core.testing.Splits;

class TlsDetectorTest {

  private static final byte[] JDK = Hellos.jdk("www.example.com", "h2", "http/1.1");
  private static final byte[] NONE = new byte[0];

  private final TlsDetector detector = new TlsDetector();

  static Stream<Arguments> clientFirstBytes() {
    return Stream.of(
        arguments("JDK ClientHello", JDK, RECOGNISED, 6),
        arguments("JDK ClientHello in one-byte records", Hellos.reframeEvery(JDK, 1),
            RECOGNISED, 6),
        arguments("JDK ClientHello in three records", Hellos.reframe(JDK, 3, 200), RECOGNISED, 6),
        arguments("SSL 3.0 ClientHello",
            Hellos.record(0x0300, Hellos.message(Hellos.bodyStart(0x0300))), RECOGNISED, 6),
        arguments("SSH", ascii("SSH-2.0-OpenSSH_9.6\r\n"), NOT_RECOGNISED, 1),
        arguments("HTTP", ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), NOT_RECOGNISED, 1),
        arguments("SSLv2-compatible hello", hex("80 2e 01 03 01 00 15 00 00 00 10"),
            NOT_RECOGNISED, 1),
        arguments("application data", hex("17 03 03 00 05 01 02 03 04 05"), NOT_RECOGNISED, 1),
        arguments("major version 2", hex("16 02 00 00 05 01"), NOT_RECOGNISED, 2),
        arguments("version 3.5", hex("16 03 05 00 05 01"), NOT_RECOGNISED, 3),
        arguments("record far too long", hex("16 03 01 42 00 01"), NOT_RECOGNISED, 4),
        arguments("record just too long", hex("16 03 01 41 01 01"), NOT_RECOGNISED, 5),
        arguments("longest record", hex("16 03 01 41 00 01"), RECOGNISED, 6),
        arguments("zero-length record", hex("16 03 01 00 00 01"), NOT_RECOGNISED, 5),
        arguments("ServerHello", Hellos.with(JDK, 5, 2), NOT_RECOGNISED, 6),
        arguments("NUL bytes", new byte[32], NOT_RECOGNISED, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientFirstBytes")
  void judgesEveryPrefixOfTheClientsFirstBytes(
      String name, byte[] bytes, Detection expected, int decidedAt) {
    Splits.assertClientPrefixes(detector, "", Hellos.text(bytes), expected, decidedAt);
  }

  @Test
  void agreesWithTheParserOnEveryPrefix() {
    for (byte[] bytes : new byte[][] {JDK, hex("16 03 01 00 00 01"), hex("16 03 09"),
        hex("16 03 01 41 01 01"), Hellos.with(JDK, 5, 2)}) {
      for (int k = 0; k <= bytes.length; k++) {
        Detection verdict = detector.detect(input(NONE, Arrays.copyOf(bytes, k), false, false));
        ClientHelloParser.Status status = ClientHelloParser.parse(bytes, 0, k).status();
        assertEquals(status == ClientHelloParser.Status.NOT_TLS, verdict == NOT_RECOGNISED,
            "prefix " + k + ": " + verdict + " vs " + status);
      }
    }
  }

  @Test
  void aServerThatSpeaksFirstIsNotTls() {
    assertEquals(NOT_RECOGNISED, detector.detect(input(ascii(Greetings.VSFTPD), NONE, false,
        false)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(ascii(Greetings.SSH), JDK, false,
        false)));
  }

  @Test
  void waitsForTheClientWhileNobodyHasSpoken() {
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(NONE, NONE, false, false)));
  }

  @Test
  void aClientThatClosesBeforeSixBytesIsNotTls() {
    assertEquals(NOT_RECOGNISED, detector.detect(input(NONE, NONE, true, false)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(NONE, Arrays.copyOf(JDK, 5), true,
        false)));
    assertEquals(RECOGNISED, detector.detect(input(NONE, Arrays.copyOf(JDK, 6), true, false)));
  }

  @Test
  void decidesOnAMegabyteOfGarbageInBoundedTime() {
    byte[] garbage = new byte[1 << 20];
    new Random(1).nextBytes(garbage);
    System.arraycopy(hex("16 03 01 02 00 01"), 0, garbage, 0, 6);
    DetectionInput recognised = input(NONE, garbage, false, false);
    byte[] other = garbage.clone();
    other[5] = 0x02;
    DetectionInput notRecognised = input(NONE, other, false, false);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 100_000; i++) {
        assertEquals(RECOGNISED, detector.detect(recognised));
        assertEquals(NOT_RECOGNISED, detector.detect(notRecognised));
      }
    });
  }

  @Test
  void ignoresTheBuffersPositions() {
    ByteBuffer client = ByteBuffer.wrap(Hellos.concat(ascii("junk"), JDK));
    client.position(4);
    DetectionInput input = new DetectionInput(
        client, ByteBuffer.allocate(0), Splits.DESTINATION, false, false);
    assertEquals(RECOGNISED, detector.detect(input));
  }

  @Test
  void namesItselfAndItsPorts() {
    assertEquals("tls", detector.protocol());
    assertEquals(Set.of(443, 465, 853, 993, 995, 8443), detector.wellKnownPorts());
  }

}
