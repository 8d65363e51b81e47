package org.sockstap.core.testing;

/**
 * Greetings that real servers send, byte for byte, and a few that other protocols open with. The
 * same file is in each server-first protocol module's tests, so every detector is tried on the
 * others' greetings too.
 */
public final class Greetings {

  public static final String VSFTPD = "220 (vsFTPd 3.0.3)\r\n";
  public static final String PROFTPD = "220 ProFTPD Server (Debian) [::ffff:127.0.0.1]\r\n";
  public static final String PURE_FTPD_FIRST_LINE =
      "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n";
  public static final String PURE_FTPD =
      PURE_FTPD_FIRST_LINE
          + "220-You are user number 1 of 50 allowed.\r\n"
          + "220-Local time is now 10:00. Server port: 21.\r\n"
          + "220 You will be disconnected after 15 minutes of inactivity.\r\n";
  public static final String FILEZILLA_FIRST_LINE = "220-FileZilla Server 1.8.0\r\n";
  public static final String FILEZILLA =
      FILEZILLA_FIRST_LINE + "220 Please visit https://filezilla-project.org/\r\n";
  public static final String MICROSOFT_FTP = "220 Microsoft FTP Service\r\n";
  /** Apache FtpServer's default: names no protocol, so only the client's command can tell. */
  public static final String APACHE_FTPSERVER = "220 Service ready for new user.\r\n";
  public static final String FTP_NOT_READY_YET = "120 Service ready in 5 minutes.\r\n";

  public static final String POSTFIX = "220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n";
  public static final String EXIM =
      "220 mx.example.com ESMTP Exim 4.96 Thu, 26 Nov 2026 10:00:00 +0000\r\n";
  public static final String SENDMAIL =
      "220 mail.example.com ESMTP Sendmail 8.17.1.9/8.17.1.9; Thu, 26 Nov 2026 10:00:00 GMT\r\n";
  public static final String OPENSMTPD = "220 mail.example.com ESMTP OpenSMTPD\r\n";
  public static final String MICROSOFT_SMTP =
      "220 mail.contoso.com Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026 10:00:00"
          + " +0000\r\n";
  public static final String GREENMAIL_SMTP = "220 /127.0.0.1 GreenMail SMTP Service v2.1.0 ready\r\n";
  public static final String SMTP_REJECTING = "554 mx.example.com no SMTP service here\r\n";

  /** Names no protocol: FTP or SMTP, the client's first command tells. */
  public static final String READY = "220 ready\r\n";
  public static final String HOST_ONLY = "220 host.example.com\r\n";

  public static final String DOVECOT_POP3 = "+OK Dovecot (Debian) ready.\r\n";
  public static final String GREENMAIL_POP3 = "+OK POP3 GreenMail Server v2.1.0 ready\r\n";

  public static final String INN =
      "200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n";
  public static final String INN_NO_POSTING =
      "201 news.example.com InterNetNews NNRP server INN 2.7.1 ready (no posting)\r\n";
  public static final String LEAFNODE = "200 Leafnode NNTP daemon, version 1.12 running at host\r\n";

  public static final String SSH = "SSH-2.0-OpenSSH_9.2\r\n";
  public static final String IMAP = "* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot (Debian) ready.\r\n";
  public static final String HTTP_RESPONSE = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  /** The start of a TLS ServerHello record. */
  public static final String TLS_SERVER_HELLO = "\u0016\u0003\u0003\u0000\u005a\u0002\u0000\u0000\u0056";
  public static final String BINARY = "\u0000\u00ff\u0010\u0080garbage\n";

  private Greetings() {}
}
