package org.sockstap.examples.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.nntp.NNTPClient;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.DetectionReport;
import org.sockstap.core.testing.Bytes;
import org.sockstap.core.testing.LoopbackServer;
import org.sockstap.core.testing.SocksTapExtension;

/**
 * Real servers and real clients through SocksTap with every installed protocol, on ports that
 * say nothing about the protocol, so only content can decide: Apache FtpServer (whose greeting,
 * "220 Service ready for new user.", fits FTP and SMTP alike) with Commons Net's FTP client;
 * GreenMail's SMTP and POP3 servers with Commons Net's clients; an INN-like news greeting with
 * Commons Net's NNTP client.
 */
class RealServerDetectionTest {
  private final List<DetectionReport> reports = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final SocksTapExtension tap = SocksTapExtension.configure(b -> b
      .listener(new ConnectionListener() {
        @Override
        public void detected(ConnectionInfo c, DetectionReport r) {
          reports.add(r);
        }
      }));

  /**
   * The i-th detection report, waited for: a relayed connection's listeners are told from the
   * server's finishing thread, shortly after the decision.
   */
  private DetectionReport report(int index) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (reports.size() <= index && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return reports.get(index);
  }

  private Proxy proxy() {
    return new Proxy(Proxy.Type.SOCKS, tap.address());
  }

  @Test
  void apacheFtpServerIsRecognisedFromTheClientsFirstCommandAndTheFileArrives(
      @TempDir Path home) throws Exception {
    Files.writeString(home.resolve("hello.txt"), "hello over ftp\n");
    FtpServerFactory factory = new FtpServerFactory();
    ListenerFactory listener = new ListenerFactory();
    listener.setServerAddress("127.0.0.1");
    listener.setPort(0);
    factory.addListener("default", listener.createListener());
    BaseUser user = new BaseUser();
    user.setName("anonymous");
    user.setHomeDirectory(home.toString());
    user.setAuthorities(List.of(new WritePermission()));
    factory.getUserManager().save(user);
    FtpServer server = factory.createServer();
    server.start();
    try {
      int port = ((org.apache.ftpserver.impl.DefaultFtpServer) server).getListener("default")
          .getPort();
      FTPClient ftp = new FTPClient();
      ftp.setProxy(proxy());
      ftp.setRemoteVerificationEnabled(false);
      ftp.connect("127.0.0.1", port);
      assertTrue(ftp.login("anonymous", "guest@example.com"), ftp.getReplyString());
      ftp.enterLocalPassiveMode();
      ftp.setFileType(FTP.BINARY_FILE_TYPE);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      assertTrue(ftp.retrieveFile("hello.txt", file), ftp.getReplyString());
      assertEquals("hello over ftp\n", file.toString(StandardCharsets.US_ASCII));
      ftp.logout();
      ftp.disconnect();
    } finally {
      server.stop();
    }
    DetectionReport control = report(0);
    assertEquals("ftp", control.protocol());
    assertEquals("server-and-client-bytes", control.decidedBy(),
        "the ambiguous greeting went to the client, whose USER decided");
  }

  @Test
  void greenMailSmtpAndPop3AreRecognisedFromTheirGreetings() throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup[] {
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort()});
    mail.start();
    try {
      mail.setUser("bob@example.com", "bob", "pw");
      SMTPClient smtp = new SMTPClient();
      smtp.setProxy(proxy());
      smtp.connect("127.0.0.1", mail.getSmtp().getPort());
      assertTrue(SMTPReply.isPositiveCompletion(smtp.getReplyCode()), smtp.getReplyString());
      assertTrue(smtp.login("client.example"));
      assertTrue(smtp.setSender("alice@example.com"));
      assertTrue(smtp.addRecipient("bob@example.com"));
      assertTrue(smtp.sendShortMessageData("Subject: hi\r\n\r\nthrough SocksTap\r\n"));
      smtp.logout();
      smtp.disconnect();
      assertEquals("smtp", report(0).protocol());
      assertEquals("server-bytes", report(0).decidedBy());

      POP3Client pop = new POP3Client();
      pop.setProxy(proxy());
      pop.connect("127.0.0.1", mail.getPop3().getPort());
      assertTrue(pop.login("bob", "pw"));
      POP3MessageInfo status = pop.status();
      assertEquals(1, status.number);
      pop.logout();
      pop.disconnect();
      assertEquals("pop3", report(1).protocol());
    } finally {
      mail.stop();
    }
  }

  @Test
  void aNewsServerGreetingIsRecognised() throws Exception {
    try (LoopbackServer news = LoopbackServer.start(socket -> {
      socket.getOutputStream().write(Bytes.ascii(
          "200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n"));
      String line;
      while ((line = Bytes.readLine(socket.getInputStream())) != null) {
        boolean quit = line.startsWith("QUIT");
        socket.getOutputStream().write(Bytes.ascii(quit ? "205 bye\r\n" : "500 what?\r\n"));
        if (quit) {
          return;
        }
      }
    })) {
      NNTPClient nntp = new NNTPClient();
      nntp.setProxy(proxy());
      nntp.connect("127.0.0.1", news.port());
      assertEquals(200, nntp.getReplyCode());
      nntp.logout();
      nntp.disconnect();
    }
    assertEquals("nntp", report(0).protocol());
  }

  @Test
  void aClientFirstUnknownProtocolIsRelayedUntouched() throws Exception {
    try (LoopbackServer echo = LoopbackServer.echo();
        java.net.Socket s = new java.net.Socket(proxy())) {
      s.setSoTimeout(5000);
      s.connect(InetSocketAddress.createUnresolved("127.0.0.1", echo.port()));
      s.getOutputStream().write(Bytes.hex("160301 0005 0100000100"));
      assertEquals("1603010005", java.util.HexFormat.of().formatHex(s.getInputStream()
          .readNBytes(5)));
    }
  }

  @Test
  void httpFromTheJdkClientIsProxiedAndLogged() throws Exception {
    List<String> records = new CopyOnWriteArrayList<>();
    tap.restart(b -> b.accessLog((protocol, line) -> records.add(protocol + " " + line))
        .listener(new ConnectionListener() {
          @Override
          public void detected(ConnectionInfo c, DetectionReport r) {
            reports.add(r);
          }
        }));
    com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", exchange -> {
      byte[] body = "hi".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    origin.start();
    try {
      java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(
          "http://127.0.0.1:" + origin.getAddress().getPort() + "/x").openConnection(proxy());
      c.setRequestProperty("Connection", "close");
      assertEquals("hi", new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
      c.disconnect();
    } finally {
      origin.stop(0);
    }
    assertEquals("http", report(0).protocol());
    for (int i = 0; i < 200 && records.isEmpty(); i++) {
      Thread.sleep(10); // the record is written just after the response is flushed
    }
    assertTrue(records.get(0).startsWith("http 127.0.0.1 - - ["), records.toString());
  }
}
