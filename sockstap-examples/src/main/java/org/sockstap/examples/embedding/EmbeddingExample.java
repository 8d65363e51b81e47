package org.sockstap.examples.embedding;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ConnectionListener;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.core.SocksTapServer;

/**
 * Embeds SocksTap in an application: a SOCKS5 server on a free loopback port that requires a
 * password, taps FTP and SMTP, and counts the bytes it relays.
 *
 * <p>{@code java -cp sockstap.jar org.sockstap.examples.embedding.EmbeddingExample [SECONDS]}
 * runs until Enter is pressed, or for SECONDS when given; then try
 * {@code curl --socks5-hostname alice:secret@ADDRESS ftp://ftp.example.com/}.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /**
   * Runs the example.
   *
   * @param args optionally the number of seconds to run, instead of waiting for Enter
   * @throws Exception when the server cannot start or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    LongAdder relayed = new LongAdder();
    try (SocksTapServer server = SocksTapServer.builder()
        .listen("127.0.0.1", 0)
        .user("alice", "secret")
        .tap("ftp,smtp")
        .listener(new ConnectionListener() {
          @Override
          public void closed(ConnectionInfo connection, ConnectionSummary summary) {
            relayed.add(summary.bytesFromClient() + summary.bytesFromServer());
          }
        })
        .build()) {
      System.out.println("SocksTap listening on " + server.localAddress());
      waitForEnterOr(args.length > 0 ? Long.parseLong(args[0]) : -1);
    }
    System.out.println("relayed " + relayed.sum() + " bytes");
  }

  private static void waitForEnterOr(long seconds) throws IOException, InterruptedException {
    if (seconds >= 0) {
      TimeUnit.SECONDS.sleep(seconds);
    } else {
      System.out.println("press Enter to stop");
      System.in.read();
    }
  }
}
