package org.sockstap.protocols.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.core.testing.Bytes.ascii;
import static org.sockstap.core.testing.Bytes.hex;
import static org.sockstap.protocols.tls.ClientHelloParser.Status.MALFORMED;
import static org.sockstap.protocols.tls.ClientHelloParser.Status.NEED_MORE;
import static org.sockstap.protocols.tls.ClientHelloParser.Status.NOT_TLS;
import static org.sockstap.protocols.tls.ClientHelloParser.Status.PARSED;
import static org.sockstap.protocols.tls.Hellos.alpn;
import static org.sockstap.protocols.tls.Hellos.concat;
import static org.sockstap.protocols.tls.Hellos.crafted;
import static org.sockstap.protocols.tls.Hellos.extension;
import static org.sockstap.protocols.tls.Hellos.sni;
import static org.sockstap.protocols.tls.Hellos.supportedVersions;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.protocols.tls.ClientHelloParser.Result;
import org.sockstap.protocols.tls.ClientHelloParser.Status;

class ClientHelloParserTest {

  private static final byte[] JDK = Hellos.jdk("www.example.com", "h2", "http/1.1");

  private static Result parse(byte[] bytes) {
    return ClientHelloParser.parse(bytes, 0, bytes.length);
  }

  private static ClientHello parsed(byte[] bytes) {
    Result result = parse(bytes);
    assertEquals(PARSED, result.status(), result.reason());
    return result.clientHello();
  }

  @Test
  void readsTheJdkClientHello() {
    ClientHello hello = parsed(JDK);
    assertEquals("www.example.com", hello.serverName());
    assertFalse(hello.malformedSni());
    assertEquals(List.of("h2", "http/1.1"), hello.alpn());
    assertEquals(0x0303, hello.handshakeVersion());
    assertEquals(0x0304, hello.offeredVersion(), "the JDK 17 client offers TLS 1.3");
    assertEquals("TLS1.3", hello.offeredVersionName());
    assertEquals(((JDK[1] & 0xff) << 8) | (JDK[2] & 0xff), hello.recordVersion());
    assertEquals(JDK.length, hello.length());
    assertEquals(1, hello.records());
  }

  @Test
  void readsAClientHelloWithoutSniOrAlpn() {
    ClientHello hello = parsed(Hellos.jdk(null));
    assertNull(hello.serverName());
    assertFalse(hello.malformedSni());
    assertEquals(List.of(), hello.alpn());
  }

  @Test
  void readsFromABufferWithoutMovingIt() {
    ByteBuffer buffer = ByteBuffer.wrap(concat(ascii("junk"), JDK)).asReadOnlyBuffer();
    buffer.position(4);
    Result result = ClientHelloParser.parse(buffer);
    assertEquals(PARSED, result.status());
    assertEquals(4, buffer.position());
    assertEquals(JDK.length, result.clientHello().length());
  }

  static Stream<Arguments> framings() {
    int length = Hellos.handshake(JDK).length;
    return Stream.of(
        arguments("one record", JDK, 1),
        arguments("two records, cut in the middle", Hellos.reframe(JDK, length / 2), 2),
        arguments("three records", Hellos.reframe(JDK, 100, 300), 3),
        arguments("handshake header cut after 1 byte", Hellos.reframe(JDK, 1), 2),
        arguments("handshake header cut after 2 and 3 bytes", Hellos.reframe(JDK, 2, 3), 3),
        arguments("cut just after the handshake header", Hellos.reframe(JDK, 4), 2),
        arguments("cut before the last byte", Hellos.reframe(JDK, length - 1), 2),
        arguments("64-byte records", Hellos.reframeEvery(JDK, 64), (length + 63) / 64),
        arguments("one-byte records", Hellos.reframeEvery(JDK, 1), length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framings")
  void reassemblesAClientHelloSpreadOverRecords(String name, byte[] framed, int records) {
    ClientHello hello = parsed(framed);
    assertEquals("www.example.com", hello.serverName());
    assertEquals(List.of("h2", "http/1.1"), hello.alpn());
    assertEquals(0x0304, hello.offeredVersion());
    assertEquals(records, hello.records());
    assertEquals(framed.length, hello.length());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framings")
  void asksForMoreAtEveryPrefixWithoutReachingPastTheClientHello(
      String name, byte[] framed, int records) {
    for (int k = 0; k < framed.length; k++) {
      Result result = ClientHelloParser.parse(framed, 0, k);
      assertEquals(NEED_MORE, result.status(), "prefix " + k);
      assertTrue(k + result.bytesNeeded() <= framed.length,
          "prefix " + k + " asks for " + result.bytesNeeded());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framings")
  void aReaderThatReadsWhatItIsAskedForStopsExactlyAtTheEnd(
      String name, byte[] framed, int records) {
    // what a client may send right after: a change_cipher_spec record and early data
    byte[] wire = concat(framed, hex("14 03 03 00 01 01 17 03 03 00 05 01 02 03 04 05"));
    int read = 0;
    Result result;
    while ((result = ClientHelloParser.parse(wire, 0, read)).status() == NEED_MORE) {
      read += result.bytesNeeded();
    }
    assertEquals(PARSED, result.status());
    assertEquals(framed.length, read);
  }

  @Test
  void ignoresWhatFollowsTheClientHello() {
    byte[] wire = concat(JDK, hex("14 03 03 00 01 01"), ascii("GET / HTTP/1.1\r\n"));
    assertEquals(JDK.length, parsed(wire).length());
  }

  static Stream<Arguments> notTls() {
    return Stream.of(
        arguments("SSH banner", ascii("SSH-2.0-OpenSSH_9.6\r\n")),
        arguments("HTTP request", ascii("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")),
        arguments("SSLv2-compatible hello", hex("80 2e 01 03 01 00 15 00 00 00 10")),
        arguments("application data record", hex("17 03 03 00 05 01 02 03 04 05")),
        arguments("alert record", hex("15 03 03 00 02 02 28")),
        arguments("ServerHello", Hellos.with(JDK, 5, 2)),
        arguments("record version 3.5", Hellos.with(JDK, 2, 5)),
        arguments("record version 2.0", Hellos.with(JDK, 1, 2)),
        arguments("zero-length record", hex("16 03 01 00 00")),
        arguments("record longer than 2^14+256", hex("16 03 01 41 01 01")),
        arguments("record far too long", hex("16 03 01 ff ff 01")),
        arguments("NUL bytes", new byte[64]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notTls")
  void saysNotTlsForOtherProtocols(String name, byte[] bytes) {
    assertEquals(NOT_TLS, parse(bytes).status());
  }

  @Test
  void asksForTheRecordHeaderFirst() {
    Result empty = parse(new byte[0]);
    assertEquals(NEED_MORE, empty.status());
    assertEquals(5, empty.bytesNeeded());
    assertEquals(2, parse(hex("16 03 01")).bytesNeeded());
  }

  @Test
  void acceptsSsl3() {
    byte[] hello = Hellos.record(0x0300, Hellos.message(Hellos.bodyStart(0x0300)));
    ClientHello parsed = parsed(hello);
    assertEquals(0x0300, parsed.recordVersion());
    assertEquals("SSL3.0", parsed.offeredVersionName());
    assertNull(parsed.serverName());
    assertEquals(List.of(), parsed.alpn());
  }

  @Test
  void namesVersions() {
    assertEquals("TLS1.0", ClientHello.versionName(0x0301));
    assertEquals("TLS1.2", ClientHello.versionName(0x0303));
    assertEquals("0x7f1c", ClientHello.versionName(0x7f1c));
  }

  @Test
  void takesTheHighestSupportedVersionSkippingGrease() {
    assertEquals(0x0304, parsed(crafted(supportedVersions(0x0a0a, 0x0304, 0x0303)))
        .offeredVersion());
    assertEquals(0x0303, parsed(crafted(supportedVersions(0x3a3a))).offeredVersion(),
        "only GREASE: the legacy version");
    assertEquals(0x7f1c, parsed(crafted(supportedVersions(0x0303, 0x7f1c))).offeredVersion());
  }

  static Stream<Arguments> malformed() {
    byte[] body = concat(Hellos.bodyStart(0x0303), Hellos.u16(0));
    return Stream.of(
        arguments("ClientHello body too short", Hellos.record(0x0301, Hellos.message(
            hex("03 03 00 00")))),
        arguments("legacy_version 2.0", Hellos.record(0x0301, Hellos.message(
            Hellos.with(body, 0, 2)))),
        arguments("session id length 33", Hellos.record(0x0301, Hellos.message(
            Hellos.with(body, 34, 33)))),
        arguments("session id past the end", Hellos.record(0x0301, Hellos.message(
            Arrays.copyOf(Hellos.with(body, 34, 20), 40)))),
        arguments("cipher suites length odd", Hellos.record(0x0301, Hellos.message(
            Hellos.with(body, 36, 3)))),
        arguments("cipher suites past the end", Hellos.record(0x0301, Hellos.message(
            Hellos.with(Hellos.with(body, 35, 0xff), 36, 0xfe)))),
        arguments("no compression method", Hellos.record(0x0301, Hellos.message(
            Hellos.with(body, 41, 0)))),
        arguments("extensions length past the end", Hellos.record(0x0301, Hellos.message(
            Hellos.with(body, body.length - 1, 9)))),
        arguments("one stray byte for extensions", Hellos.record(0x0301, Hellos.message(
            Arrays.copyOf(body, body.length - 1)))),
        arguments("extensions shorter than the rest", Hellos.record(0x0301, Hellos.message(
            concat(Hellos.bodyStart(0x0303), Hellos.u16(0), hex("00"))))),
        arguments("extension length overflowing", crafted(hex("00 10 ff ff 00 02 01 61"))),
        arguments("truncated extension header", Hellos.record(0x0301, Hellos.message(
            concat(Hellos.bodyStart(0x0303), Hellos.u16(3), hex("00 10 00"))))),
        arguments("two server_name extensions", crafted(sni("a.example"), sni("b.example"))),
        arguments("two host_name entries", crafted(extension(0,
            hex("00 0c 00 00 03 61 2e 62 00 00 03 63 2e 64")))),
        arguments("empty server_name extension", crafted(extension(0, new byte[0]))),
        arguments("empty server_name list", crafted(extension(0, hex("00 00")))),
        arguments("server_name list length overflowing",
            crafted(extension(0, hex("ff ff 00 00 01 61")))),
        arguments("host_name length overflowing",
            crafted(extension(0, hex("00 04 00 00 09 61")))),
        arguments("empty host_name", crafted(extension(0, hex("00 03 00 00 00")))),
        arguments("two ALPN extensions", crafted(alpn("h2"), alpn("http/1.1"))),
        arguments("empty ALPN protocol name", crafted(alpn(new byte[0], ascii("h2")))),
        arguments("ALPN list too short", crafted(extension(16, hex("00 00")))),
        arguments("ALPN name overflowing", crafted(extension(16, hex("00 03 09 68 32")))),
        arguments("two supported_versions", crafted(supportedVersions(0x0304),
            supportedVersions(0x0303))),
        arguments("supported_versions odd", crafted(extension(43, hex("03 03 04 03")))),
        arguments("handshake longer than 64 KiB", hex("16 03 01 00 04 01 01 00 00")),
        arguments("data after the ClientHello in its record",
            Hellos.frame(0x0301, concat(Hellos.handshake(JDK), hex("14 00 00 00")))),
        arguments("continuation is not a handshake record",
            concat(Arrays.copyOf(Hellos.reframe(JDK, 50), 55), hex("17 03 03 00 10"))),
        arguments("continuation record of zero bytes",
            concat(Arrays.copyOf(Hellos.reframe(JDK, 50), 55), hex("16 03 03 00 00"))),
        arguments("continuation record too long",
            concat(Arrays.copyOf(Hellos.reframe(JDK, 50), 55), hex("16 03 03 41 01"))),
        arguments("an HTTP request where the next record belongs",
            concat(Arrays.copyOf(Hellos.reframe(JDK, 50), 55), ascii("GET / HTTP/1.1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void saysMalformedForBrokenRules(String name, byte[] bytes) {
    Result result = parse(bytes);
    assertEquals(MALFORMED, result.status(), result.reason());
    assertFalse(result.reason().isEmpty());
  }

  @Test
  void answersAHugeHandshakeLengthWithoutWaitingForIt() {
    Result result = parse(hex("16 03 01 00 04 01 00 ff fd"));
    assertEquals(MALFORMED, result.status());
    assertTrue(result.reason().contains("65533"), result.reason());
    // the largest allowed one just needs its bytes
    assertEquals(NEED_MORE, parse(hex("16 03 01 00 04 01 00 ff fc")).status());
  }

  @Test
  void refusesMoreThanTheMaximumNumberOfRecords() {
    byte[] header = {1, 0, 0x20, 0}; // an 8 KiB body
    byte[] message = concat(header, new byte[8192]);
    byte[] tiny = Hellos.frame(0x0301, message, cutsEvery(1, message.length));
    int read = 0;
    Result result;
    while ((result = ClientHelloParser.parse(tiny, 0, read)).status() == NEED_MORE) {
      read += result.bytesNeeded();
    }
    assertEquals(MALFORMED, result.status());
    assertTrue(read <= ClientHelloParser.MAX_WIRE_LENGTH);
    assertEquals(ClientHelloParser.MAX_RECORDS * 6, read, "every record read, no header more");
  }

  private static int[] cutsEvery(int size, int length) {
    int[] cuts = new int[(length - 1) / size];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (i + 1) * size;
    }
    return cuts;
  }

  @Test
  void reportsAHostNameWithControlCharactersAsMalformed() {
    for (String name : List.of("evil\r\nname", "a\u0000.example.com", "x.example\n",
        "sp ace.example", "a..example", ".example", "\u00e9t\u00e9.example", "a/b",
        "x".repeat(64) + ".example", "a." + "b.".repeat(127))) {
      ClientHello hello = parsed(crafted(sni(name), alpn("h2")));
      assertNull(hello.serverName(), name);
      assertTrue(hello.malformedSni(), name);
      assertEquals(List.of("h2"), hello.alpn(), "the rest is still read");
    }
  }

  @Test
  void acceptsPlausibleHostNames() {
    for (String name : List.of("www.example.com", "WWW.Example.COM", "a", "_dmarc.example",
        "xn--bcher-kva.example", "trailing.dot.", "1.2.3.4", "x".repeat(63) + ".example")) {
      ClientHello hello = parsed(crafted(sni(name)));
      assertEquals(name, hello.serverName());
      assertFalse(hello.malformedSni());
    }
    String longest = ("x".repeat(62) + ".").repeat(4) + "abc";
    assertEquals(255, longest.length());
    assertEquals(longest, parsed(crafted(sni(longest))).serverName());
    assertTrue(parsed(crafted(sni(longest + "d"))).malformedSni());
  }

  @Test
  void ignoresServerNamesOfUnknownTypes() {
    ClientHello hello = parsed(crafted(extension(0, hex("00 04 07 00 01 61"))));
    assertNull(hello.serverName());
    assertFalse(hello.malformedSni());
    ClientHello both = parsed(crafted(extension(0,
        hex("00 0c 07 00 03 61 2e 62 00 00 03 63 2e 64"))));
    assertEquals("c.d", both.serverName());
  }

  @Test
  void keepsOnlyPrintableAlpnNamesAndAtMostSixteen() {
    ClientHello hello = parsed(crafted(alpn(ascii("h2"), ascii("ev\u0000il"), ascii("a\r\nb"),
        ascii("sp ace"), new byte[] {(byte) 0xc3, (byte) 0xa9}, ascii("http/1.1"))));
    assertEquals(List.of("h2", "http/1.1"), hello.alpn());
    String[] many = new String[40];
    for (int i = 0; i < many.length; i++) {
      many[i] = "p" + i;
    }
    List<String> kept = parsed(crafted(alpn(many))).alpn();
    assertEquals(ClientHelloParser.MAX_ALPN_PROTOCOLS, kept.size());
    assertEquals("p0", kept.get(0));
    assertEquals(List.of("x".repeat(255)), parsed(crafted(alpn("x".repeat(255)))).alpn());
  }

  @Test
  void skipsUnknownExtensions() {
    ClientHello hello = parsed(crafted(extension(0xfafa, new byte[0]),
        extension(51, new byte[1200]), sni("www.example.org"), extension(0xff01, hex("00"))));
    assertEquals("www.example.org", hello.serverName());
  }

  @Test
  void survivesAMegabyteOfGarbageAfterATlsHeader() {
    Random random = new Random(42);
    byte[] garbage = new byte[1 << 20];
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int round = 0; round < 50; round++) {
        random.nextBytes(garbage);
        garbage[0] = 0x16;
        garbage[1] = 0x03;
        garbage[2] = 0x01;
        garbage[5] = 0x01;
        Result result = ClientHelloParser.parse(garbage, 0, garbage.length);
        assertNotEquals(PARSED, result.status());
      }
      // a record header that fits, then handshake bytes that claim 64 KiB less one
      byte[] wellFormedStart = concat(hex("16 03 01 40 00 01 00 ff fb"), new byte[1 << 20]);
      assertEquals(MALFORMED, parse(wellFormedStart).status());
    });
  }

  @Test
  void neverThrowsOnMutatedClientHellos() {
    Random random = new Random(7);
    byte[] framed = Hellos.reframe(JDK, 3, 200);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int round = 0; round < 20_000; round++) {
        byte[] bytes = (round & 1) == 0 ? JDK.clone() : framed.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
        Result result = ClientHelloParser.parse(bytes, 0, length);
        assertNotNull(result.status());
        if (result.status() == PARSED) {
          assertTrue(result.clientHello().length() <= length);
        } else if (result.status() == NEED_MORE) {
          assertTrue(result.bytesNeeded() > 0);
        }
      }
    });
  }

  @Test
  void checksTheArrayRange() {
    byte[] bytes = new byte[4];
    assertThrows(IndexOutOfBoundsException.class,
        () -> ClientHelloParser.parse(bytes, 2, 3));
  }

  @Test
  void resultsHoldTogether() {
    assertThrows(IllegalArgumentException.class,
        () -> new Result(Status.NEED_MORE, 0, null, ""));
    assertThrows(IllegalArgumentException.class,
        () -> new Result(Status.PARSED, 0, null, ""));
  }
}
