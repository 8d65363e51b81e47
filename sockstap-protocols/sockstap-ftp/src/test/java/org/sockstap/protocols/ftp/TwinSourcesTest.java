package org.sockstap.protocols.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server-first protocol modules share nothing but the api, so a few helpers are copied between
 * them. FTP and SMTP must agree on every greeting, so their copies must not drift: this compares
 * each copy with this module's, apart from the package line. Skipped when the sources are not at
 * hand (a build from a source jar, say).
 */
class TwinSourcesTest {

  @ParameterizedTest(name = "{1}/{2}.java in sockstap-{0}")
  @CsvSource({
    "smtp, main, FtpSmtpGreeting",
    "smtp, main, FirstCommand",
    "smtp, main, Lines",
    "pop,  main, Lines",
    "nntp, main, Lines",
    "smtp, test, Greetings",
    "pop,  test, Greetings",
    "nntp, test, Greetings",
    "smtp, test, Splits",
    "pop,  test, Splits",
    "nntp, test, Splits",
  })
  void copiesMatchThisModules(String module, String tree, String name) throws IOException {
    Path mine = Path.of("src", tree, "java", "org", "sockstap", "protocols", "ftp", name + ".java");
    Path twin = Path.of("..", "sockstap-" + module, "src", tree, "java", "org", "sockstap",
        "protocols", module, name + ".java");
    assumeTrue(Files.isRegularFile(mine) && Files.isRegularFile(twin),
        "sources not at hand: " + twin.toAbsolutePath());
    assertEquals(withoutPackage(mine), withoutPackage(twin),
        twin + " differs from " + mine + " (keep the copies identical apart from the package)");
  }

  private static String withoutPackage(Path source) throws IOException {
    return Files.readString(source, StandardCharsets.UTF_8)
        .replaceFirst("(?m)^package org\\.sockstap\\.protocols\\.[a-z0-9]+;$", "");
  }
}
