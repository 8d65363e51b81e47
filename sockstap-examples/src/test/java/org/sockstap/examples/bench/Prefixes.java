package org.sockstap.examples.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/** The first bytes of typical connections, as the detectors see them. */
final class Prefixes {

  /** A browser's first request (a current Chrome's fields). */
  static final byte[] HTTP_REQUEST = ascii("GET /products/index.html HTTP/1.1\r\n"
      + "Host: www.example.com\r\n"
      + "Connection: keep-alive\r\n"
      + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/126.0.0.0 Safari/537.36\r\n"
      + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
      + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
      + "Accept-Language: en-US,en;q=0.9\r\n"
      + "\r\n");

  /** vsftpd's greeting, which names the software. */
  static final byte[] FTP_GREETING = ascii("220 (vsFTPd 3.0.5)\r\n");

  /** A greeting that fits FTP and SMTP alike, and the FTP client's first command. */
  static final byte[] AMBIGUOUS_GREETING = ascii("220 Service ready for new user.\r\n");

  /** An FTP client's first command. */
  static final byte[] FTP_USER = ascii("USER anonymous\r\n");

  /** Postfix's greeting. */
  static final byte[] SMTP_GREETING =
      ascii("220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n");

  /** Dovecot's POP3 greeting. */
  static final byte[] POP3_GREETING = ascii("+OK Dovecot (Debian) ready.\r\n");

  /** INN's greeting. */
  static final byte[] NNTP_GREETING =
      ascii("200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n");

  /** A Redis client's first command. */
  static final byte[] RESP_COMMAND =
      ascii("*3\r\n$3\r\nSET\r\n$9\r\nsession:1\r\n$16\r\n6f1c2b7a9e4d4c1f\r\n");

  /** An OpenSSH server's banner: nothing SocksTap recognises. */
  static final byte[] SSH_BANNER = ascii("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n");

  /** A PostgreSQL client's startup message: binary that nothing recognises. */
  static final byte[] POSTGRES_STARTUP = postgresStartup();

  private Prefixes() {}

  /**
   * Returns the JDK TLS client's ClientHello record for www.example.com offering h2 and
   * http/1.1, about 500 bytes.
   */
  static byte[] tlsClientHello() {
    try {
      SSLEngine engine = SSLContext.getDefault().createSSLEngine("www.example.com", 443);
      engine.setUseClientMode(true);
      SSLParameters params = engine.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName("www.example.com")));
      params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      engine.setSSLParameters(params);
      ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
      if (result.getStatus() != SSLEngineResult.Status.OK) {
        throw new IllegalStateException("wrap: " + result);
      }
      out.flip();
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (GeneralSecurityException | SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] postgresStartup() {
    byte[] parameters = ascii("user\0app\0database\0shop\0application_name\0psql\0\0");
    ByteBuffer message = ByteBuffer.allocate(8 + parameters.length);
    message.putInt(8 + parameters.length).putInt(196_608).put(parameters);
    return message.array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
