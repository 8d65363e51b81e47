package org.sockstap.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Runs the example for zero seconds. Needs the tap-rule parser of sockstap-core. */
class EmbeddingExampleTest {
  @Test
  @ResourceLock(Resources.SYSTEM_OUT)
  void startsPrintsItsAddressAndStops() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EmbeddingExample.main(new String[] {"0"});
    } finally {
      System.setOut(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertTrue(text.matches("(?s)SocksTap listening on /127\\.0\\.0\\.1:\\d+\\R"
        + "relayed 0 bytes\\R"), text);
  }
}
