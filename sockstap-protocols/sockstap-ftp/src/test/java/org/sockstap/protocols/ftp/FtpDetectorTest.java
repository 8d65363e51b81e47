package org.sockstap.protocols.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.api.Detection.NEED_CLIENT_BYTES;
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

class FtpDetectorTest {

  private static final String MARKER_LATER =
      "220-Welcome\r\n220-This is an FTP server\r\n220 Hi\r\n";
  private static final String UNCODED_LINE =
      "220-Welcome\r\n  to the ftp archive\r\n220 Hi\r\n";

  private final FtpDetector detector = new FtpDetector();

  private static int endOf(String text, String part) {
    return text.indexOf(part) + part.length();
  }

  static Stream<Arguments> greetings() {
    return Stream.of(
        arguments("vsftpd", Greetings.VSFTPD, RECOGNISED, Greetings.VSFTPD.length()),
        arguments("ProFTPD", Greetings.PROFTPD, RECOGNISED, Greetings.PROFTPD.length()),
        arguments("Pure-FTPd, decided on its first line", Greetings.PURE_FTPD, RECOGNISED,
            Greetings.PURE_FTPD_FIRST_LINE.length()),
        arguments("FileZilla, decided on its first line", Greetings.FILEZILLA, RECOGNISED,
            Greetings.FILEZILLA_FIRST_LINE.length()),
        arguments("Microsoft FTP", Greetings.MICROSOFT_FTP, RECOGNISED,
            Greetings.MICROSOFT_FTP.length()),
        arguments("120 is FTP only", Greetings.FTP_NOT_READY_YET, RECOGNISED,
            Greetings.FTP_NOT_READY_YET.length()),
        arguments("bare LF", "220 (vsFTPd 3.0.3)\n", RECOGNISED, 19),
        arguments("marker on a later line", MARKER_LATER, RECOGNISED,
            endOf(MARKER_LATER, "FTP server\r\n")),
        arguments("FTP-style continuation line without code", UNCODED_LINE, RECOGNISED,
            endOf(UNCODED_LINE, "archive\r\n")),
        arguments("SMTP host name, FTP software", "220 smtp.example.com FTP server ready\r\n",
            RECOGNISED, 39),
        arguments("421 naming FTP", "421 Too many users - FTP server full\r\n", RECOGNISED, 38),
        arguments("Apache FtpServer: ambiguous", Greetings.APACHE_FTPSERVER, NEED_CLIENT_BYTES,
            Greetings.APACHE_FTPSERVER.length()),
        arguments("220 ready: ambiguous", Greetings.READY, NEED_CLIENT_BYTES,
            Greetings.READY.length()),
        arguments("host only: ambiguous", Greetings.HOST_ONLY, NEED_CLIENT_BYTES,
            Greetings.HOST_ONLY.length()),
        arguments("both named on one line: ambiguous", "220 ftp ESMTP Postfix\r\n",
            NEED_CLIENT_BYTES, 23),
        arguments("multi-line, no marker", "220-Welcome\r\n220-Behave\r\n220 Ready\r\n",
            NEED_CLIENT_BYTES, 36),
        arguments("multi-line ending with a bare code", "220-Welcome\r\n220\r\n",
            NEED_CLIENT_BYTES, 18),
        arguments("Postfix", Greetings.POSTFIX, NOT_RECOGNISED, ANY_POINT),
        arguments("Exim", Greetings.EXIM, NOT_RECOGNISED, ANY_POINT),
        arguments("Sendmail", Greetings.SENDMAIL, NOT_RECOGNISED, ANY_POINT),
        arguments("OpenSMTPD", Greetings.OPENSMTPD, NOT_RECOGNISED, ANY_POINT),
        arguments("Microsoft SMTP", Greetings.MICROSOFT_SMTP, NOT_RECOGNISED, ANY_POINT),
        arguments("GreenMail SMTP", Greetings.GREENMAIL_SMTP, NOT_RECOGNISED, ANY_POINT),
        arguments("FTP host name, SMTP software", "220 ftp.example.com ESMTP Postfix\r\n",
            NOT_RECOGNISED, ANY_POINT),
        arguments("554 is SMTP only", Greetings.SMTP_REJECTING, NOT_RECOGNISED, ANY_POINT),
        arguments("Dovecot POP3", Greetings.DOVECOT_POP3, NOT_RECOGNISED, 1),
        arguments("GreenMail POP3", Greetings.GREENMAIL_POP3, NOT_RECOGNISED, 1),
        arguments("INN", Greetings.INN, NOT_RECOGNISED, 4),
        arguments("INN, no posting", Greetings.INN_NO_POSTING, NOT_RECOGNISED, 4),
        arguments("Leafnode", Greetings.LEAFNODE, NOT_RECOGNISED, 4),
        arguments("SSH", Greetings.SSH, NOT_RECOGNISED, 1),
        arguments("IMAP", Greetings.IMAP, NOT_RECOGNISED, 1),
        arguments("HTTP", Greetings.HTTP_RESPONSE, NOT_RECOGNISED, 1),
        arguments("TLS", Greetings.TLS_SERVER_HELLO, NOT_RECOGNISED, 1),
        arguments("binary", Greetings.BINARY, NOT_RECOGNISED, 1),
        arguments("two-digit code", "22 ready\r\n", NOT_RECOGNISED, 3),
        arguments("four-digit code", "2200 ready\r\n", NOT_RECOGNISED, 4),
        arguments("tab after the code", "220\tready\r\n", NOT_RECOGNISED, 4),
        arguments("code without text", "220\r\n", NOT_RECOGNISED, 4),
        arguments("bare CR", "220 (vsFTPd 3.0.3)\rX\r\n", NOT_RECOGNISED, 20),
        arguments("NUL in the text", "220 vsFTPd\u0000\r\n", NOT_RECOGNISED, 11),
        arguments("control byte in a later line", "220-Welcome\r\n220-\u001b[31mFTP\r\n",
            NOT_RECOGNISED, 18));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("greetings")
  void judgesEveryPrefixOfTheGreeting(
      String name, String greeting, Detection expected, int decidedAt) {
    Splits.assertServerPrefixes(detector, greeting, expected, decidedAt);
  }

  static Stream<Arguments> firstCommands() {
    return Stream.of(
        arguments("USER anonymous\r\n", RECOGNISED, 5),
        arguments("user anonymous\r\n", RECOGNISED, 5),
        arguments("USER\r\n", RECOGNISED, 5),
        arguments("AUTH TLS\r\n", RECOGNISED, 5),
        arguments("AUTH SSL\r\n", RECOGNISED, 5),
        arguments("FEAT\r\n", RECOGNISED, 5),
        arguments("feat\n", RECOGNISED, 5),
        arguments("SYST\r\n", RECOGNISED, 5),
        arguments("OPTS UTF8 ON\r\n", RECOGNISED, 5),
        arguments("HOST ftp.example.com\r\n", RECOGNISED, 5),
        arguments("CLNT curl\r\n", RECOGNISED, 5),
        arguments("PBSZ 0\r\n", RECOGNISED, 5),
        arguments("NOOP\r\nUSER anonymous\r\n", RECOGNISED, 11),
        arguments("EHLO client\r\n", NOT_RECOGNISED, 5),
        arguments("HELO x\r\n", NOT_RECOGNISED, 5),
        arguments("NOOP\r\nEHLO x\r\n", NOT_RECOGNISED, 11),
        arguments("QUIT\r\n", NEED_CLIENT_BYTES, 0),
        arguments("NOOP\r\n", NEED_CLIENT_BYTES, 0),
        arguments("HELP\r\n", NEED_CLIENT_BYTES, 0),
        arguments("LHLO x\r\n", NOT_RECOGNISED, 2),
        arguments("STARTTLS\r\n", NOT_RECOGNISED, 2),
        arguments("MAIL FROM:<a@example.com>\r\n", NOT_RECOGNISED, 1),
        arguments("GET / HTTP/1.1\r\n", NOT_RECOGNISED, 1),
        arguments("USERS\r\n", NOT_RECOGNISED, 5),
        arguments("USER\tx\r\n", NOT_RECOGNISED, 5),
        arguments(" USER x\r\n", NOT_RECOGNISED, 1),
        arguments("\u0016\u0003\u0001\u0002\u0000\u0001", NOT_RECOGNISED, 1),
        arguments("NOOP\rUSER x\r\n", NOT_RECOGNISED, 6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstCommands")
  void judgesEveryPrefixOfTheFirstCommandAfterAnAmbiguousGreeting(
      String command, Detection expected, int decidedAt) {
    Splits.assertClientPrefixes(detector, Greetings.READY, command, expected, decidedAt);
    Splits.assertClientPrefixes(detector, Greetings.APACHE_FTPSERVER, command, expected,
        decidedAt);
  }

  @Test
  void aTellingGreetingIsNotOverruledByTheClient() {
    assertEquals(RECOGNISED, detector.detect(input(Greetings.VSFTPD, "EHLO x\r\n")));
    assertEquals(NOT_RECOGNISED, detector.detect(input(Greetings.POSTFIX, "USER x\r\n")));
  }

  @Test
  void aClientThatSpeaksFirstIsNotFtp() {
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "USER anonymous\r\n")));
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "GET / HTTP/1.1\r\n")));
  }

  @Test
  void waitsForTheServerWhileNobodyHasSpoken() {
    assertEquals(NEED_SERVER_BYTES, detector.detect(input("", "")));
  }

  @Test
  void aServerThatClosesBeforeGreetingFullyIsNotFtp() {
    byte[] none = new byte[0];
    assertEquals(NOT_RECOGNISED, detector.detect(input(none, none, false, true)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(bytes("220 (vsFT"), none, false, true)));
    assertEquals(RECOGNISED, detector.detect(input(bytes(Greetings.VSFTPD), none, false, true)));
  }

  @Test
  void aClientThatClosesMidVerbIsNotFtp() {
    byte[] greeting = bytes(Greetings.READY);
    assertEquals(NOT_RECOGNISED, detector.detect(input(greeting, bytes("US"), true, false)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(greeting, new byte[0], true, false)));
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(greeting, bytes("QUIT\r\n"), true,
        false)));
  }

  @Test
  void capsTheFirstLineAt512Bytes() {
    String longest = "220 " + "x".repeat(512 - 6) + "\r\n";
    assertEquals(512, longest.length());
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(longest, "")));
    String tooLong = "220 " + "x".repeat(512 - 5) + "\r\n";
    assertEquals(NOT_RECOGNISED, detector.detect(input(tooLong, "")));
    assertEquals(NEED_SERVER_BYTES, detector.detect(input(tooLong.substring(0, 511), "")));
    assertEquals(NOT_RECOGNISED, detector.detect(input(tooLong.substring(0, 512), "")));
  }

  @Test
  void stopsReadingAMultiLineGreetingAfter4KiB() {
    // the FTP marker sits beyond the cap, so seeing it would prove the cap was ignored
    String banner = "220-Welcome\r\n" + "220-padding\r\n".repeat(400) + "220 FTP server\r\n";
    assertTrue(banner.indexOf("FTP") > 4096);
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(banner, "")));
    assertEquals(RECOGNISED, detector.detect(input(banner, "USER x\r\n")));
    String unterminated = "220-Welcome\r\n220-" + "x".repeat(1 << 20);
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(unterminated, "")));
  }

  @Test
  void boundsTheWorkOnAMegabyteWithoutALineEnd() {
    var hugeLine = input(bytes("220 " + "x".repeat(1 << 20)), new byte[0], false, false);
    var hugeBanner = input(bytes("220-hi\r\n" + "x".repeat(1 << 20)), new byte[0], false, false);
    var hugeCommand = input(bytes(Greetings.READY), bytes("NOOP\r\n".repeat(200_000)), false,
        false);
    // 10,000 calls scanning a whole megabyte each would take many seconds
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 10_000; i++) {
        assertEquals(NOT_RECOGNISED, detector.detect(hugeLine));
        assertEquals(NEED_CLIENT_BYTES, detector.detect(hugeBanner));
        assertEquals(NEED_CLIENT_BYTES, detector.detect(hugeCommand));
      }
    });
  }

  @Test
  void ignoresTheBuffersPositions() {
    var server = java.nio.ByteBuffer.wrap(bytes("junk" + Greetings.VSFTPD));
    server.position(4);
    var input = new org.sockstap.api.DetectionInput(
        java.nio.ByteBuffer.allocate(0), server, Splits.DESTINATION, false, false);
    assertEquals(RECOGNISED, detector.detect(input));
  }

  @Test
  void namesItselfAndItsPort() {
    assertEquals("ftp", detector.protocol());
    assertEquals(Set.of(21), detector.wellKnownPorts());
  }

  @Test
  void isFoundByServiceLoader() {
    assertTrue(
        ServiceLoader.load(ProtocolDetector.class).stream()
            .anyMatch(provider -> provider.type() == FtpDetector.class),
        "META-INF/services registers FtpDetector");
  }
}
