package org.sockstap.examples.standalone;

import org.jspecify.annotations.Nullable;
import org.sockstap.examples.text.Paragraphs;

/** The texts of {@code --help} and {@code --version}. */
final class Help {
  private static final int WIDTH = 78;
  private static final String INDENT = "      ";

  private Help() {}

  /**
   * Returns the usage text: every option with its default, the config file format and the exit
   * statuses.
   *
   * @return the text, ending with a line break
   */
  static String usage() {
    StringBuilder text = new StringBuilder();
    text.append("Usage: java -jar sockstap.jar [options]\n\n");
    wrap(text, "", "SocksTap is a SOCKS 4/4a/5 proxy that recognises the application protocol of"
        + " each relayed connection and proxies it, or relays it untouched.");
    text.append("\nOptions:\n");
    for (Flag flag : Flag.values()) {
      text.append("  --").append(flag.optionName());
      if (flag.takesValue()) {
        text.append(' ').append(flag.valueName());
      }
      if (flag.repeatable()) {
        text.append("  (repeatable)");
      }
      text.append('\n');
      wrap(text, INDENT, flag.description());
      if (flag.defaultText() != null) {
        wrap(text, INDENT, "default: " + flag.defaultText());
      }
    }
    text.append('\n');
    wrap(text, "", "Config file: one option per line, its name without dashes, white space,"
        + " then the value to the end of the line, as in 'listen\u00a0127.0.0.1:1080' or"
        + " 'tap\u00a0http,ftp'. Lines starting with '#' and blank lines are ignored. Repeatable"
        + " options add up in the order they appear, the file's where --config stands; a"
        + " single-valued option given on the command line wins over the file.");
    text.append('\n');
    wrap(text, "", "Security: listening on a non-loopback address needs --user or"
        + " --allow-remote. Until --permit or --reject rules are given, only clients on this"
        + " machine (loopback) are admitted, whatever address the server listens on.");
    text.append('\n');
    wrap(text, "", "Ctrl-C or SIGTERM closes the server gracefully; the JVM then exits with"
        + " the usual 130 or 143. Exit status 1: the server cannot run (address in use, say);"
        + " 2: a usage error.");
    return text.toString();
  }

  /**
   * Returns the {@code --version} line.
   *
   * @param implementationVersion the jar manifest's {@code Implementation-Version}, or null when
   *     not run from the jar
   * @return {@code SocksTap <version>}, or {@code SocksTap dev}
   */
  static String versionLine(@Nullable String implementationVersion) {
    return "SocksTap " + (implementationVersion == null || implementationVersion.isBlank()
        ? "dev" : implementationVersion);
  }

  /** Returns the version line of the running code, read from its jar manifest. */
  static String versionLine() {
    return versionLine(Help.class.getPackage().getImplementationVersion());
  }

  private static void wrap(StringBuilder text, String indent, String paragraph) {
    Paragraphs.wrap(text, indent, paragraph, WIDTH);
  }
}
