package org.sockstap.examples.load;

import java.util.ArrayList;
import java.util.List;
import org.sockstap.examples.text.Paragraphs;

/** The {@code --help} text. */
final class Usage {
  private static final int WIDTH = 78;
  private static final String INDENT = "        ";

  private Usage() {}

  /**
   * Returns the help: modes, options with their defaults and modes, output and exit status.
   *
   * @return the text, ending with a line break
   */
  static String text() {
    StringBuilder text = new StringBuilder();
    text.append("Usage: java -cp sockstap.jar org.sockstap.examples.load.SocksLoad MODE"
        + " [options]\n\n");
    wrap(text, "", "Load generator for SOCKS 4/4a/5 proxies, and its target servers. Modes,"
        + " options and RESULT lines follow the C tool socksload of the benchmark harness."
        + " Every address must be a loopback address.");
    text.append("\nModes:\n");
    for (Mode mode : Mode.values()) {
      text.append("  ").append(mode.cliName()).append('\n');
      wrap(text, INDENT, mode.description());
    }
    text.append("\nOptions:\n");
    for (Option option : Option.values()) {
      text.append("  ");
      if (option.letter() != 0) {
        text.append('-').append(option.letter()).append(", ");
      }
      text.append("--").append(option.longName());
      if (option.takesValue()) {
        text.append(' ').append(option.valueName());
      }
      text.append('\n');
      wrap(text, INDENT, option.description());
      List<String> modes = new ArrayList<>();
      for (Mode mode : Mode.values()) {
        if (option.usedBy(mode)) {
          modes.add(mode.cliName());
        }
      }
      String facts = modes.size() == Mode.values().length ? "" : "modes: " + String.join(" ", modes);
      if (option.defaultText() != null) {
        facts += (facts.isEmpty() ? "" : "; ") + "default: " + option.defaultText();
      }
      if (!facts.isEmpty()) {
        wrap(text, INDENT, facts);
      }
    }
    text.append('\n');
    wrap(text, "", "Sizes take binary suffixes: 1k = 1024, 1m, 2G. Latency is per whole"
        + " operation (rate: connect to close; http: request sent to last body byte); stream"
        + " times from the moment all tunnels are open. MiB = 2^20 bytes.");
    text.append('\n');
    wrap(text, "", "Output: a line for people, an errors line, and one 'RESULT\u00a0mode=...\u00a0"
        + "key=value\u00a0...' line with the keys of socksload. Exit status 0: every operation"
        + " succeeded; 1: some failed; 2: a usage error.");
    text.append('\n');
    text.append("Examples:\n");
    text.append("  SocksLoad serve --echo 127.0.0.1:17101 --echo-line 127.0.0.1:17104 \\\n"
        + "                 --sink 127.0.0.1:17102 --source 127.0.0.1:17103 --http 127.0.0.1:17180\n"
        + "  SocksLoad rate   -x 127.0.0.1:1080 -a 127.0.0.1:17104 -C -t 4 -d 10\n"
        + "  SocksLoad stream -x 127.0.0.1:1080 -a 127.0.0.1:17103 -D down -c 8 -b 2G -d 60\n"
        + "  SocksLoad http   -x 127.0.0.1:1080 -a 127.0.0.1:17180 -t 1 -n 1000 -p /1k\n"
        + "  SocksLoad idle   -x 127.0.0.1:1080 -a 127.0.0.1:17101 -c 2000 -S 5 -P PID\n");
    return text.toString();
  }

  private static void wrap(StringBuilder text, String indent, String paragraph) {
    Paragraphs.wrap(text, indent, paragraph, WIDTH);
  }
}
