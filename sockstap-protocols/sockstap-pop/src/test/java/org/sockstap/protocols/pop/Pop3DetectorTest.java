package org.sockstap.protocols.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.api.Detection.NEED_SERVER_BYTES;
import static org.sockstap.api.Detection.NOT_RECOGNISED;
import static org.sockstap.api.Detection.RECOGNISED;
import static org.sockstap.core.testing.Splits.ANY_POINT;
import static org.sockstap.core.testing.Splits.bytes;
import static org.sockstap.core.testing.Splits.input;

import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.api.Detection;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.core.testing.Splits;
import org.sockstap.core.testing.Greetings;

class Pop3DetectorTest {

  private final Pop3Detector detector = new Pop3Detector();

  static Stream<Arguments> greetings() {
    return Stream.of(
        arguments("Dovecot", Greetings.DOVECOT_POP3, RECOGNISED,
            Greetings.DOVECOT_POP3.length()),
        arguments("GreenMail", Greetings.GREENMAIL_POP3, RECOGNISED,
            Greetings.GREENMAIL_POP3.length()),
        arguments("with an APOP timestamp",
            "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n", RECOGNISED, 57),
        arguments("status alone", "+OK\r\n", RECOGNISED, 5),
        arguments("bare LF", "+OK ready\n", RECOGNISED, 10),
        arguments("lower case", "+ok ready\r\n", RECOGNISED, 11),
        arguments("-ERR greeting", "-ERR too many connections\r\n", NOT_RECOGNISED, 1),
        arguments("+OKAY", "+OKAY\r\n", NOT_RECOGNISED, 4),
        arguments("+OK followed by a tab", "+OK\tready\r\n", NOT_RECOGNISED, 4),
        arguments("bare CR", "+OK ready\rX\r\n", NOT_RECOGNISED, 11),
        arguments("NUL in the text", "+OK re\u0000ady\r\n", NOT_RECOGNISED, 7),
        arguments("vsftpd", Greetings.VSFTPD, NOT_RECOGNISED, 1),
        arguments("Pure-FTPd", Greetings.PURE_FTPD, NOT_RECOGNISED, 1),
        arguments("Apache FtpServer", Greetings.APACHE_FTPSERVER, NOT_RECOGNISED, 1),
        arguments("Postfix", Greetings.POSTFIX, NOT_RECOGNISED, 1),
        arguments("GreenMail SMTP", Greetings.GREENMAIL_SMTP, NOT_RECOGNISED, 1),
        arguments("220 ready", Greetings.READY, NOT_RECOGNISED, 1),
        arguments("INN", Greetings.INN, NOT_RECOGNISED, 1),
        arguments("Leafnode", Greetings.LEAFNODE, NOT_RECOGNISED, 1),
        arguments("SSH", Greetings.SSH, NOT_RECOGNISED, 1),
        arguments("IMAP", Greetings.IMAP, NOT_RECOGNISED, 1),
        arguments("HTTP", Greetings.HTTP_RESPONSE, NOT_RECOGNISED, 1),
        arguments("TLS", Greetings.TLS_SERVER_HELLO, NOT_RECOGNISED, 1),
        arguments("binary", Greetings.BINARY, NOT_RECOGNISED, ANY_POINT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("greetings")
  void judgesEveryPrefixOfTheGreeting(
      String name, String greeting, Detection expected, int decidedAt) {
    Splits.assertServerPrefixes(detector, greeting, expected, decidedAt);
  }

  @Test
  void theClientsBytesDoNotMatterOnceTheServerHasGreeted() {
    assertEquals(RECOGNISED, detector.detect(input(Greetings.DOVECOT_POP3, "CAPA\r\n")));
    assertEquals(RECOGNISED, detector.detect(input(Greetings.DOVECOT_POP3, "\u0016\u0003")));
  }

  @Test
  void aClientThatSpeaksFirstIsNotPop3() {
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "USER bob\r\n")));
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "GET / HTTP/1.1\r\n")));
  }

  @Test
  void waitsForTheServerWhileNobodyHasSpoken() {
    assertEquals(NEED_SERVER_BYTES, detector.detect(input("", "")));
  }

  @Test
  void aServerThatClosesBeforeGreetingFullyIsNotPop3() {
    byte[] none = new byte[0];
    assertEquals(NOT_RECOGNISED, detector.detect(input(none, none, false, true)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(bytes("+O"), none, false, true)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(bytes("+OK rea"), none, false, true)));
    assertEquals(RECOGNISED, detector.detect(input(bytes("+OK\r\n"), none, false, true)));
  }

  @Test
  void capsTheGreetingAt512Bytes() {
    String longest = "+OK " + "x".repeat(512 - 6) + "\r\n";
    assertEquals(512, longest.length());
    assertEquals(RECOGNISED, detector.detect(input(longest, "")));
    String tooLong = "+OK " + "x".repeat(512 - 5) + "\r\n";
    assertEquals(NOT_RECOGNISED, detector.detect(input(tooLong, "")));
    assertEquals(NEED_SERVER_BYTES, detector.detect(input(tooLong.substring(0, 511), "")));
  }

  @Test
  void boundsTheWorkOnAMegabyteWithoutALineEnd() {
    var huge = input(bytes("+OK " + "x".repeat(1 << 20)), new byte[0], false, false);
    // 10,000 calls scanning a whole megabyte each would take many seconds
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 10_000; i++) {
        assertEquals(NOT_RECOGNISED, detector.detect(huge));
      }
    });
  }

  @Test
  void namesItselfAndItsPort() {
    assertEquals("pop3", detector.protocol());
    assertEquals(Set.of(110), detector.wellKnownPorts());
  }

  @Test
  void isFoundByServiceLoader() {
    assertTrue(
        ServiceLoader.load(ProtocolDetector.class).stream()
            .anyMatch(provider -> provider.type() == Pop3Detector.class),
        "META-INF/services registers Pop3Detector");
  }
}
