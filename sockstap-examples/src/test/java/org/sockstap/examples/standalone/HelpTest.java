package org.sockstap.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelpTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ServerLauncher launcher = new ServerLauncher(
      new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8),
      hook -> {
        throw new AssertionError("help and version start nothing");
      });

  @Test
  void helpListsEveryFlagWithItsDefaultAndExitsZero() {
    assertEquals(0, launcher.run("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.startsWith("Usage: java -jar sockstap.jar [options]\n"), help);
    for (Flag flag : Flag.values()) {
      String heading = "  --" + flag.optionName()
          + (flag.takesValue() ? " " + flag.valueName() : "") + (flag.repeatable() ? "  (" : "\n");
      assertTrue(help.contains(heading), heading);
    }
    for (String expected : new String[] {"default: 127.0.0.1:1080", "default: *\n",
        "default: *:*:{127.0.0.0/8,::1} (loopback clients only)", "default: - (standard output)",
        "default: 300", "default: 10", "'listen 127.0.0.1:1080'", "Exit status 1"}) {
      assertTrue(help.contains(expected), expected);
    }
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= 80, line);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void versionPrintsOneLineAndExitsZero() {
    assertEquals(0, launcher.run("--version"));
    // tests run from target/classes, which has no manifest
    assertEquals("SocksTap dev\n", out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  @Test
  void versionLineComesFromTheManifest() {
    assertEquals("SocksTap 1.2.3", Help.versionLine("1.2.3"));
    assertEquals("SocksTap dev", Help.versionLine(null));
    assertEquals("SocksTap dev", Help.versionLine(" "));
  }
}
