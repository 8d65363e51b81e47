package org.sockstap.protocols.smtp;

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

class SmtpDetectorTest {

  private static final String MARKER_LATER =
      "220-mx.example.com\r\n220-PIPELINING for ESMTP clients\r\n220 Hi\r\n";

  private final SmtpDetector detector = new SmtpDetector();

  private static int endOf(String text, String part) {
    return text.indexOf(part) + part.length();
  }

  static Stream<Arguments> greetings() {
    return Stream.of(
        arguments("Postfix", Greetings.POSTFIX, RECOGNISED, Greetings.POSTFIX.length()),
        arguments("Exim", Greetings.EXIM, RECOGNISED, Greetings.EXIM.length()),
        arguments("Sendmail", Greetings.SENDMAIL, RECOGNISED, Greetings.SENDMAIL.length()),
        arguments("OpenSMTPD", Greetings.OPENSMTPD, RECOGNISED, Greetings.OPENSMTPD.length()),
        arguments("Microsoft SMTP", Greetings.MICROSOFT_SMTP, RECOGNISED,
            Greetings.MICROSOFT_SMTP.length()),
        arguments("GreenMail SMTP", Greetings.GREENMAIL_SMTP, RECOGNISED,
            Greetings.GREENMAIL_SMTP.length()),
        arguments("554 is SMTP only", Greetings.SMTP_REJECTING, RECOGNISED,
            Greetings.SMTP_REJECTING.length()),
        arguments("554 without markers", "554 5.3.2 Service unavailable\r\n", RECOGNISED, 31),
        arguments("bare LF", "220 mail.example.com ESMTP Postfix\n", RECOGNISED, 35),
        arguments("lower case", "220 mail.example.com esmtp\r\n", RECOGNISED, 28),
        arguments("marker on a later line", MARKER_LATER, RECOGNISED,
            endOf(MARKER_LATER, "clients\r\n")),
        arguments("FTP host name, SMTP software", "220 ftp.example.com ESMTP Postfix\r\n",
            RECOGNISED, 35),
        arguments("421 naming SMTP", "421 mx.example.com ESMTP busy, try later\r\n",
            RECOGNISED, 42),
        arguments("Apache FtpServer: ambiguous", Greetings.APACHE_FTPSERVER, NEED_CLIENT_BYTES,
            Greetings.APACHE_FTPSERVER.length()),
        arguments("220 ready: ambiguous", Greetings.READY, NEED_CLIENT_BYTES,
            Greetings.READY.length()),
        arguments("host only: ambiguous", Greetings.HOST_ONLY, NEED_CLIENT_BYTES,
            Greetings.HOST_ONLY.length()),
        arguments("both named on one line: ambiguous", "220 ftp ESMTP Postfix\r\n",
            NEED_CLIENT_BYTES, 23),
        arguments("'mail' alone is no evidence", "220 Mail Service ready\r\n",
            NEED_CLIENT_BYTES, 24),
        arguments("multi-line ending with a bare code", "220-mx.example.com\r\n220\r\n",
            NEED_CLIENT_BYTES, 25),
        arguments("vsftpd", Greetings.VSFTPD, NOT_RECOGNISED, ANY_POINT),
        arguments("ProFTPD", Greetings.PROFTPD, NOT_RECOGNISED, ANY_POINT),
        arguments("Pure-FTPd, decided on its first line", Greetings.PURE_FTPD, NOT_RECOGNISED,
            Greetings.PURE_FTPD_FIRST_LINE.length()),
        arguments("FileZilla, decided on its first line", Greetings.FILEZILLA, NOT_RECOGNISED,
            Greetings.FILEZILLA_FIRST_LINE.length()),
        arguments("Microsoft FTP", Greetings.MICROSOFT_FTP, NOT_RECOGNISED, ANY_POINT),
        arguments("120 is FTP only", Greetings.FTP_NOT_READY_YET, NOT_RECOGNISED, ANY_POINT),
        arguments("SMTP host name, FTP software", "220 smtp.example.com FTP server ready\r\n",
            NOT_RECOGNISED, ANY_POINT),
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
        arguments("250 is no greeting", "250 mail.example.com ESMTP\r\n", NOT_RECOGNISED, 4),
        arguments("tab after the code", "220\tmail.example.com ESMTP\r\n", NOT_RECOGNISED, 4),
        arguments("bare CR", "220 x ESMTP\rX\r\n", NOT_RECOGNISED, 13),
        arguments("NUL in the text", "220 x ESMTP\u0000\r\n", NOT_RECOGNISED, 12));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("greetings")
  void judgesEveryPrefixOfTheGreeting(
      String name, String greeting, Detection expected, int decidedAt) {
    Splits.assertServerPrefixes(detector, greeting, expected, decidedAt);
  }

  static Stream<Arguments> firstCommands() {
    return Stream.of(
        arguments("EHLO client\r\n", RECOGNISED, 5),
        arguments("ehlo client\r\n", RECOGNISED, 5),
        arguments("HELO x\r\n", RECOGNISED, 5),
        arguments("HELO\n", RECOGNISED, 5),
        arguments("NOOP\r\nEHLO x\r\n", RECOGNISED, 11),
        arguments("USER anonymous\r\n", NOT_RECOGNISED, 5),
        arguments("AUTH TLS\r\n", NOT_RECOGNISED, 5),
        arguments("AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n", NOT_RECOGNISED, 5),
        arguments("FEAT\r\n", NOT_RECOGNISED, 5),
        arguments("SYST\r\n", NOT_RECOGNISED, 5),
        arguments("NOOP\r\nUSER anonymous\r\n", NOT_RECOGNISED, 11),
        arguments("QUIT\r\n", NEED_CLIENT_BYTES, 0),
        arguments("NOOP\r\n", NEED_CLIENT_BYTES, 0),
        arguments("HELP\r\n", NEED_CLIENT_BYTES, 0),
        arguments("LHLO x\r\n", NOT_RECOGNISED, 2),
        arguments("STARTTLS\r\n", NOT_RECOGNISED, 2),
        arguments("MAIL FROM:<a@example.com>\r\n", NOT_RECOGNISED, 1),
        arguments("GET / HTTP/1.1\r\n", NOT_RECOGNISED, 1),
        arguments("EHLOX\r\n", NOT_RECOGNISED, 5),
        arguments("\u0016\u0003\u0001\u0002\u0000\u0001", NOT_RECOGNISED, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstCommands")
  void judgesEveryPrefixOfTheFirstCommandAfterAnAmbiguousGreeting(
      String command, Detection expected, int decidedAt) {
    Splits.assertClientPrefixes(detector, Greetings.READY, command, expected, decidedAt);
    Splits.assertClientPrefixes(detector, Greetings.HOST_ONLY, command, expected, decidedAt);
  }

  @Test
  void aTellingGreetingIsNotOverruledByTheClient() {
    assertEquals(RECOGNISED, detector.detect(input(Greetings.POSTFIX, "USER x\r\n")));
    assertEquals(NOT_RECOGNISED, detector.detect(input(Greetings.VSFTPD, "EHLO x\r\n")));
  }

  @Test
  void aClientThatSpeaksFirstIsNotSmtp() {
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "EHLO x\r\n")));
    assertEquals(NOT_RECOGNISED, detector.detect(input("", "GET / HTTP/1.1\r\n")));
  }

  @Test
  void waitsForTheServerWhileNobodyHasSpoken() {
    assertEquals(NEED_SERVER_BYTES, detector.detect(input("", "")));
  }

  @Test
  void aServerThatClosesBeforeGreetingFullyIsNotSmtp() {
    byte[] none = new byte[0];
    assertEquals(NOT_RECOGNISED, detector.detect(input(none, none, false, true)));
    assertEquals(NOT_RECOGNISED, detector.detect(input(bytes("220 mail.exa"), none, false,
        true)));
    assertEquals(RECOGNISED, detector.detect(input(bytes(Greetings.EXIM), none, false, true)));
  }

  @Test
  void capsTheFirstLineAt512Bytes() {
    String longest = "220 " + "x".repeat(512 - 6) + "\r\n";
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(longest, "")));
    String tooLong = "220 " + "x".repeat(512 - 5) + "\r\n";
    assertEquals(NOT_RECOGNISED, detector.detect(input(tooLong, "")));
  }

  @Test
  void stopsReadingAMultiLineGreetingAfter4KiB() {
    String banner = "220-mx.example.com\r\n" + "220-padding\r\n".repeat(400) + "220 ESMTP\r\n";
    assertTrue(banner.indexOf("ESMTP") > 4096);
    assertEquals(NEED_CLIENT_BYTES, detector.detect(input(banner, "")));
    assertEquals(RECOGNISED, detector.detect(input(banner, "EHLO x\r\n")));
  }

  @Test
  void boundsTheWorkOnAMegabyteWithoutALineEnd() {
    var hugeLine = input(bytes("220 " + "x".repeat(1 << 20)), new byte[0], false, false);
    var hugeBanner = input(bytes("220-hi\r\n" + "x".repeat(1 << 20)), new byte[0], false, false);
    var hugeCommand = input(bytes(Greetings.READY), bytes("EHLO " + "x".repeat(1 << 20)), false,
        false);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 10_000; i++) {
        assertEquals(NOT_RECOGNISED, detector.detect(hugeLine));
        assertEquals(NEED_CLIENT_BYTES, detector.detect(hugeBanner));
        assertEquals(RECOGNISED, detector.detect(hugeCommand));
      }
    });
  }

  @Test
  void namesItselfAndItsPorts() {
    assertEquals("smtp", detector.protocol());
    assertEquals(Set.of(25, 587, 2525), detector.wellKnownPorts());
  }

  @Test
  void isFoundByServiceLoader() {
    assertTrue(
        ServiceLoader.load(ProtocolDetector.class).stream()
            .anyMatch(provider -> provider.type() == SmtpDetector.class),
        "META-INF/services registers SmtpDetector");
  }
}
