package org.sockstap.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.api.Endpoint;
import org.sockstap.examples.standalone.Options.AccessRule;
import org.sockstap.examples.standalone.Options.User;

class OptionsParserTest {
  @TempDir Path dir;

  private static Options parse(String... args) throws UsageException {
    return OptionsParser.parse(List.of(args));
  }

  private static String error(String... args) {
    return assertThrows(UsageException.class, () -> parse(args)).getMessage();
  }

  private Path config(String... lines) throws IOException {
    Path file = dir.resolve("sockstap.conf");
    Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void noArgumentsGiveTheDocumentedDefaults() throws Exception {
    Options options = parse();
    assertEquals(Options.Mode.RUN, options.mode());
    assertEquals(new Endpoint("127.0.0.1", 1080), options.listen());
    assertEquals(List.of("*"), options.taps());
    assertEquals(List.of(new AccessRule(true, "*:*:{127.0.0.0/8,::1}")), options.accessRules());
    assertTrue(options.defaultAccessRules());
    assertEquals(List.of(), options.users());
    assertEquals(List.of(), options.routes());
    assertNull(options.cacheDir());
    assertNull(options.accessLog());
    assertFalse(options.allowRemote());
    assertNull(options.idleTimeout());
    assertNull(options.connectTimeout());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:1080     | 127.0.0.1 | 1080",
      "127.0.0.1:0        | 127.0.0.1 | 0",
      "[::1]:1080         | ::1       | 1080",
      "[::]:1080          | ::        | 1080",
      "localhost:9050     | localhost | 9050",
      "0.0.0.0:65535      | 0.0.0.0   | 65535",
  })
  void listenAcceptsHostPortWithIpv6InBrackets(String text, String host, int port)
      throws Exception {
    assertEquals(new Endpoint(host, port), parse("--listen", text).listen());
    assertEquals(new Endpoint(host, port), parse("--listen=" + text).listen());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1080", "127.0.0.1", "127.0.0.1:", ":1080", "::1:1080",
      "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:http", ""})
  void listenRejectsWhatIsNotHostPort(String text) {
    String message = error("--listen", text);
    assertTrue(message.startsWith("--listen: "), message);
    assertTrue(message.contains("expected: HOST:PORT"), message);
  }

  @Test
  void repeatableOptionsKeepTheirOrder() throws Exception {
    Options options = parse("--tap", "http", "--tap", "ftp:*.example.com",
        "--route", "*:*.corp=socks5://127.0.0.1:1081", "--route", "http:*=http://proxy:8080");
    assertEquals(List.of("http", "ftp:*.example.com"), options.taps());
    assertEquals(List.of("*:*.corp=socks5://127.0.0.1:1081", "http:*=http://proxy:8080"),
        options.routes());
  }

  @Test
  void permitAndRejectKeepOneOrderAcrossBothKindsAndReplaceTheDefault() throws Exception {
    Options options = parse("--reject", "*:*.internal", "--permit", "*:*:10.0.0.0/8",
        "--reject", "smtp", "--permit", "*");
    assertEquals(List.of(new AccessRule(false, "*:*.internal"),
        new AccessRule(true, "*:*:10.0.0.0/8"), new AccessRule(false, "smtp"),
        new AccessRule(true, "*")), options.accessRules());
    assertFalse(options.defaultAccessRules());
  }

  @Test
  void aRejectAloneAlsoReplacesTheDefault() throws Exception {
    Options options = parse("--reject", "*:*.internal");
    assertEquals(List.of(new AccessRule(false, "*:*.internal")), options.accessRules());
    assertFalse(options.defaultAccessRules());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "alice:secret       | alice | secret",
      "alice:sec:ret      | alice | sec:ret",
      "alice::            | alice | :",
      "bob:p@ss w#rd      | bob   | p@ss w#rd",
      "émile:mot de passe | émile | mot de passe",
  })
  void userSplitsAtTheFirstColon(String text, String name, String password) throws Exception {
    assertEquals(List.of(new User(name, password)), parse("--user", text).users());
  }

  @ParameterizedTest
  @ValueSource(strings = {"secret", ":secret", "alice:", ""})
  void userRejectsAMissingNameOrPasswordWithoutEchoingIt(String text) {
    String message = error("--user", text);
    assertTrue(message.startsWith("--user: "), message);
    assertFalse(message.contains("secret"), message);
  }

  @Test
  void userRejectsOver255BytesAndDuplicates() {
    assertTrue(error("--user", "alice:" + "x".repeat(256)).contains("1-255 bytes"));
    assertTrue(error("--user", "alice:a", "--user", "alice:b").contains("alice given twice"));
  }

  @Test
  void userToStringHidesThePassword() {
    assertFalse(new User("alice", "S3cr3t").toString().contains("S3cr3t"));
  }

  @Test
  void valuelessAndTimeoutOptions() throws Exception {
    Options options = parse("--allow-remote", "--idle-timeout", "60", "--connect-timeout=5");
    assertTrue(options.allowRemote());
    assertEquals(Duration.ofSeconds(60), options.idleTimeout());
    assertEquals(Duration.ofSeconds(5), options.connectTimeout());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1.5", "abc", "604801", "99999999999999999999"})
  void timeoutsMustBeWholePositiveSeconds(String value) {
    assertTrue(error("--idle-timeout", value).contains("expected: whole seconds"));
  }

  @Test
  void accessLogDashIsStandardOutput(@TempDir Path logs) throws Exception {
    assertNull(parse("--access-log", "-").accessLog());
    Path file = logs.resolve("access.log");
    assertEquals(file, parse("--access-log", file.toString()).accessLog());
    assertTrue(error("--access-log", logs.toString()).contains("is a directory"));
  }

  @Test
  void cacheDirIsCreatedAndMustBeADirectory() throws Exception {
    Path cache = dir.resolve("a/b/cache");
    assertEquals(cache, parse("--cache-dir", cache.toString()).cacheDir());
    assertTrue(Files.isDirectory(cache));
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertTrue(error("--cache-dir", file.toString()).startsWith("--cache-dir: "));
    assertTrue(error("--cache-dir", file.resolve("below").toString()).contains("cannot create"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus              | unknown option: --bogus",
      "-l                   | unexpected argument: -l",
      "listen               | unexpected argument: listen",
      "--                   | unexpected argument: --",
      "--tap                | --tap: missing value",
      "--tap --listen       | --tap: missing value",
      "--allow-remote=yes   | --allow-remote: takes no value",
      "--tap=               | --tap: empty",
      "--permit=            | --permit: empty",
      "--route *:*          | --route: *:* (expected: PROTOLIST:DSTLIST=URI",
      "--route =socks5://h:1 | --route: =socks5://h:1",
  })
  void badCommandLinesGiveOneLineMessages(String args, String expected) {
    String message = error(args.split(" "));
    assertTrue(message.startsWith(expected), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void routeErrorsHideUpstreamPasswords() {
    String message = error("--route", "*:*socks5://bob:hunter2@127.0.0.1:1081");
    assertFalse(message.contains("hunter2"), message);
    assertTrue(message.contains("bob:...@"), message);
  }

  @Test
  void singleValuedOptionsGivenTwiceOnTheCommandLineAreAnError() {
    assertTrue(error("--listen", "127.0.0.1:1", "--listen", "127.0.0.1:2")
        .startsWith("--listen: given twice"));
    assertTrue(error("--allow-remote", "--allow-remote").startsWith("--allow-remote: given twice"));
  }

  @Test
  void helpAndVersionWinAnywhere() throws Exception {
    assertEquals(Options.Mode.HELP, parse("--help").mode());
    assertEquals(Options.Mode.HELP, parse("--bogus", "--help").mode());
    assertEquals(Options.Mode.VERSION, parse("--listen", "x", "--version").mode());
  }

  @Test
  void configFileWithCommentsBlankLinesAndEveryOption() throws Exception {
    Path log = dir.resolve("access.log");
    Path file = config(
        "\uFEFF# SocksTap configuration",
        "",
        "listen [::1]:1081",
        "   # indented comment",
        "tap resp:::deny=FLUSHALL,CONFIG cache=on",
        "tap\thttp,ftp",
        "permit *:*:127.0.0.1",
        "reject smtp",
        "user alice:pass#word with spaces  ",
        "route *:*.corp=socks5://127.0.0.1:1081",
        "--access-log " + log,
        "idle-timeout 30",
        "connect-timeout 3",
        "allow-remote");
    Options options = parse("--config", file.toString());
    assertEquals(new Endpoint("::1", 1081), options.listen());
    assertEquals(List.of("resp:::deny=FLUSHALL,CONFIG cache=on", "http,ftp"), options.taps());
    assertEquals(List.of(new AccessRule(true, "*:*:127.0.0.1"), new AccessRule(false, "smtp")),
        options.accessRules());
    assertEquals(List.of(new User("alice", "pass#word with spaces")), options.users());
    assertEquals(List.of("*:*.corp=socks5://127.0.0.1:1081"), options.routes());
    assertEquals(log, options.accessLog());
    assertEquals(Duration.ofSeconds(30), options.idleTimeout());
    assertEquals(Duration.ofSeconds(3), options.connectTimeout());
    assertTrue(options.allowRemote());
  }

  @Test
  void commandLineWinsForSingleOptionsWhereverConfigStands() throws Exception {
    Path file = config("listen 127.0.0.1:1081", "idle-timeout 30");
    assertEquals(1082, parse("--config", file.toString(), "--listen", "127.0.0.1:1082")
        .listen().port());
    Options before = parse("--listen", "127.0.0.1:1082", "--config", file.toString());
    assertEquals(1082, before.listen().port());
    assertEquals(Duration.ofSeconds(30), before.idleTimeout());
  }

  @Test
  void aBadConfigValueOverriddenOnTheCommandLineIsNotAnError() throws Exception {
    Path file = config("listen nonsense");
    assertEquals(1082, parse("--config", file.toString(), "--listen", "127.0.0.1:1082")
        .listen().port());
  }

  @Test
  void repeatableOptionsFromConfigTakeThePlaceOfConfig() throws Exception {
    Path file = config("permit *:*:10.0.0.0/8", "tap ftp");
    Options options = parse("--reject", "*:*.internal", "--tap", "http",
        "--config", file.toString(), "--permit", "*:*:127.0.0.1", "--tap", "smtp");
    assertEquals(List.of(new AccessRule(false, "*:*.internal"),
        new AccessRule(true, "*:*:10.0.0.0/8"), new AccessRule(true, "*:*:127.0.0.1")),
        options.accessRules());
    assertEquals(List.of("http", "ftp", "smtp"), options.taps());
  }

  @Test
  void usersFromConfigAndCommandLineAddUpButNotTwice() throws Exception {
    Path file = config("user alice:a");
    assertEquals(2, parse("--config", file.toString(), "--user", "bob:b").users().size());
    assertTrue(error("--config", file.toString(), "--user", "alice:c").contains("given twice"));
  }

  @Test
  void configErrorsNameTheFileAndLine() throws Exception {
    Path file = config("# ok", "listen 127.0.0.1:1", "listen 127.0.0.1:2");
    assertEquals(file + ":3: listen: given twice (expected: once; first at " + file + ":2)",
        error("--config", file.toString()));
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"bogus 1", ":1: unknown option: bogus"});
    cases.add(new String[] {"config other.conf", ":1: unknown option: config"});
    cases.add(new String[] {"help", ":1: unknown option: help"});
    cases.add(new String[] {"tap", ":1: tap: missing value"});
    cases.add(new String[] {"allow-remote yes", ":1: allow-remote: takes no value"});
    cases.add(new String[] {"listen localhost", ":1: listen: localhost (expected: HOST:PORT"});
    cases.add(new String[] {"idle-timeout soon", ":1: idle-timeout: soon (expected: whole"});
    for (String[] c : cases) {
      Path bad = config(c[0]);
      String message = error("--config", bad.toString());
      assertTrue(message.startsWith(bad + c[1]), message);
    }
  }

  @Test
  void unreadableOrRepeatedConfigIsAnError() throws Exception {
    assertTrue(error("--config", dir.resolve("missing.conf").toString())
        .startsWith("--config: " + dir.resolve("missing.conf") + ": cannot read"));
    assertTrue(error("--config", dir.toString()).contains("cannot read"));
    Path file = config("tap http");
    assertTrue(error("--config", file.toString(), "--config", file.toString())
        .startsWith("--config: given twice"));
    Files.write(file, new byte[] {'t', 'a', 'p', ' ', (byte) 0xff, (byte) 0xfe});
    assertTrue(error("--config", file.toString()).contains("cannot read"));
  }
}
