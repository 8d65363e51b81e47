package org.sockstap.examples.load;

/** The target servers of {@code serve}, as the C tool has them. */
enum TargetKind {
  /** Echoes everything. */
  ECHO("echo"),
  /** Echoes, and closes the connection after echoing a newline: the server closes first. */
  ECHO_LINE("echo-line"),
  /** Discards; a stream starting {@code N\n} is answered {@code OK\n} after N more bytes. */
  SINK("sink"),
  /** After a request line {@code N\n} sends N bytes (0 = until the client leaves). */
  SOURCE("source"),
  /** HTTP/1.1 keep-alive GET and HEAD; the body size is the last path segment if numeric. */
  HTTP("http");

  private final String cliName;

  TargetKind(String cliName) {
    this.cliName = cliName;
  }

  String cliName() {
    return cliName;
  }
}
