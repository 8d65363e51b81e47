package org.sockstap.protocols.nntp;

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

class NntpDetectorTest {

  private static final String NEWS_HOST_UNAVAILABLE =
      "400 news.example.com: service temporarily unavailable\r\n";

  private final NntpDetector detector = new NntpDetector();

  static Stream<Arguments> greetings() {
    return Stream.of(
        arguments("INN", Greetings.INN, RECOGNISED, Greetings.INN.length()),
        arguments("INN, no posting", Greetings.INN_NO_POSTING, RECOGNISED,
            Greetings.INN_NO_POSTING.length()),
        arguments("Leafnode", Greetings.LEAFNODE, RECOGNISED, Greetings.LEAFNODE.length()),
        arguments("200 without markers", "200 ready\r\n", RECOGNISED, 11),
        arguments("bare LF", "201 ready\n", RECOGNISED, 10),
        arguments("400 naming a news host", NEWS_HOST_UNAVAILABLE, RECOGNISED,
            NEWS_HOST_UNAVAILABLE.length()),
        arguments("400 naming INN", "400 InterNetNews server paused\r\n", RECOGNISED, 32),
        arguments("502 naming NNRP", "502 NNRP access denied\r\n", RECOGNISED, 24),
        arguments("400 naming nothing", "400 Service temporarily unavailable\r\n",
            NOT_RECOGNISED, ANY_POINT),
        arguments("502 naming nothing",
            "502 You have no permission to talk.  Goodbye.\r\n", NOT_RECOGNISED, ANY_POINT),
        arguments("multi-line 200", "200-news.example.com\r\n200 ready\r\n", NOT_RECOGNISED, 4),
        arguments("tab after the code", "200\tready\r\n", NOT_RECOGNISED, 4),
        arguments("bare CR", "200 ready\rX\r\n", NOT_RECOGNISED, 11),
        arguments("vsftpd", Greetings.VSFTPD, NOT_RECOGNISED, 4),
        arguments("Pure-FTPd", Greetings.PURE_FTPD, NOT_RECOGNISED, 4),
        arguments("Apache FtpServer", Greetings.APACHE_FTPSERVER, NOT_RECOGNISED, 4),
        arguments("120", Greetings.FTP_NOT_READY_YET, NOT_RECOGNISED, 4),
        arguments("Postfix", Greetings.POSTFIX, NOT_RECOGNISED, 4),
        arguments("554", Greetings.SMTP_REJECTING, NOT_RECOGNISED, 4),
        arguments("220 ready", Greetings.READY, NOT_RECOGNISED, 4),
        arguments("Dovecot POP3", Greetings.DOVECOT_POP3, NOT_RECOGNISED, 1),
        arguments("SSH", Greetings.SSH, NOT_RECOGNISED, 1),
        arguments("IMAP", Greetings.IMAP, NOT_RECOGNISED, 1),
        arguments("HTTP", Greetings.HTTP_RESPONSE, NOT_RECOGNISED, 1),
        arguments("TLS", Greetings.TLS_SERVER_HELLO, NOT_RECOGNISED, 1),
        arguments("binary", Greetings.BINARY, NOT_RECOGNISED, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("greetings")
  void judgesEveryPrefixOfTheGreeting(
      String name, String greeting, Detection expected, int decidedAt) {
    Splits.assertServerPrefixes(detector, greeting, expected, decidedAt);
  }

  @Test
  void theClientsBytesDoNotMatterOnceTheServerHasGreeted() {
    assertEquals(RECOGNISED, detector.detect(input(Greetings.INN, "CAPABILITIES\r\n")));
  }

  @Test
  void aClientThatSpeaksFirstIsNotNntp() {
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "CAPABILITIES\r\n")));
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "GET / HTTP/1.1\r\n")));
  }

  @Test
  void waitsForTheServerWhileNobodyHasSpoken() {
    assertEquals(NEED_SERVER_BYTES, detector.detect(input("", "")));
  }

  @Test
  void aServerThatClosesBeforeGreetingFullyIsNotNntp() {
    byte[] none = new byte[0];
    assertEquals(NOT_RECOGNISED, detector.detect(input(none, none, false, true)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(bytes("20"), none, false, true)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(bytes("200 rea"), none, false, true)));
    assertEquals(RECOGNISED, detector.detect(input(bytes(Greetings.INN), none, false, true)));
  }

  @Test
  void capsTheGreetingAt512Bytes() {
    String longest = "200 " + "x".repeat(512 - 6) + "\r\n";
    assertEquals(512, longest.length());
    assertEquals(RECOGNISED, detector.detect(input(longest, "")));
    String tooLong = "200 " + "x".repeat(512 - 5) + "\r\n";
    assertEquals(NOT_RECOGNISED, detector.detect(input(tooLong, "")));
    assertEquals(NEED_SERVER_BYTES, detector.detect(input(tooLong.substring(0, 511), "")));
  }

  @Test
  void boundsTheWorkOnAMegabyteWithoutALineEnd() {
    var huge = input(bytes("200 " + "x".repeat(1 << 20)), new byte[0], false, false);
    // 10,000 calls scanning a whole megabyte each would take many seconds
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 10_000; i++) {
        assertEquals(NOT_RECOGNISED, detector.detect(huge));
      }
    });
  }

  @Test
  void namesItselfAndItsPort() {
    assertEquals("nntp", detector.protocol());
    assertEquals(Set.of(119), detector.wellKnownPorts());
  }

  @Test
  void isFoundByServiceLoader() {
    assertTrue(
        ServiceLoader.load(ProtocolDetector.class).stream()
            .anyMatch(provider -> provider.type() == NntpDetector.class),
        "META-INF/services registers NntpDetector");
  }
}
