package org.sockstap.core.testing.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs one module's benchmarks with JMH's own command line ({@code -h} lists it); the {@code jmh}
 * profile of the root pom starts it once per module.
 *
 * <p>Two things differ from {@code org.openjdk.jmh.Main}, both because every module's test
 * class path also holds the benchmarks of the core test jar: JMH would run the benchmarks of
 * every {@code META-INF/BenchmarkList} it finds, so those of other modules are excluded here;
 * and a module in which nothing matches the regular expressions is skipped with a note instead
 * of failing, so that one regular expression can pick benchmarks across the reactor. The
 * module's own list is the file named by the system property {@value #LIST_PROPERTY}, or else
 * the first list on the class path; {@value #MODULE_PROPERTY} names the module in messages.
 */
public final class JmhLauncher {

  /** The system property naming the module's own {@code META-INF/BenchmarkList} file. */
  public static final String LIST_PROPERTY = "sockstap.jmh.list";

  /** The system property naming the module, for messages. */
  public static final String MODULE_PROPERTY = "sockstap.jmh.module";

  /** {@link BenchmarkList#BENCHMARK_LIST} without its leading slash, for class loaders. */
  private static final String LIST_RESOURCE = BenchmarkList.BENCHMARK_LIST.substring(1);

  private JmhLauncher() {}

  /**
   * Runs the benchmarks.
   *
   * @param args JMH's command line: regular expressions and options
   * @throws Exception when the lists cannot be read; JMH errors end the JVM with status 1
   */
  public static void main(String[] args) throws Exception {
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (options.shouldHelp() || options.shouldListProfilers()
        || options.shouldListResultFormats()) {
      Main.main(args);
      return;
    }
    List<String> own = ownBenchmarks();
    List<String> includes = options.getIncludes().isEmpty()
        ? List.of(".*") : options.getIncludes();
    List<String> selected = new ArrayList<>();
    for (String name : own) {
      if (matchesAny(includes, name) && !matchesAny(options.getExcludes(), name)) {
        selected.add(name);
      }
    }
    if (selected.isEmpty()) {
      System.out.println("No benchmark of " + module() + " matches " + includes + "; skipped");
      return;
    }
    if (options.shouldList() || options.shouldListWithParams()) {
      System.out.println("Benchmarks of " + module() + ":");
      selected.forEach(System.out::println);
      return;
    }
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(options);
    for (String name : foreignBenchmarks(own)) {
      builder.exclude("^" + Pattern.quote(name) + "$");
    }
    try {
      new Runner(builder.build()).run();
    } catch (RunnerException e) {
      System.err.print("ERROR: ");
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  private static boolean matchesAny(List<String> regexes, String name) {
    for (String regex : regexes) {
      if (Pattern.compile(regex).matcher(name).find()) {
        return true;
      }
    }
    return false;
  }

  /** The benchmark methods ({@code class.method}) of this module, sorted and distinct. */
  private static List<String> ownBenchmarks() throws IOException {
    String file = System.getProperty(LIST_PROPERTY);
    if (file != null) {
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        return List.of();
      }
      try (InputStream in = Files.newInputStream(path)) {
        return names(in);
      }
    }
    URL first = JmhLauncher.class.getClassLoader().getResource(LIST_RESOURCE);
    if (first == null) {
      return List.of();
    }
    try (InputStream in = first.openStream()) {
      return names(in);
    }
  }

  /** The benchmarks on the class path that are not this module's. */
  private static Set<String> foreignBenchmarks(List<String> own) throws IOException {
    Set<String> foreign = new TreeSet<>();
    for (URL url : Collections.list(
        JmhLauncher.class.getClassLoader().getResources(LIST_RESOURCE))) {
      try (InputStream in = url.openStream()) {
        foreign.addAll(names(in));
      }
    }
    foreign.removeAll(own);
    return foreign;
  }

  private static List<String> names(InputStream in) throws IOException {
    Set<String> names = new TreeSet<>();
    for (BenchmarkListEntry entry : BenchmarkList.readBenchmarkList(in)) {
      names.add(entry.getUsername());
    }
    return List.copyOf(names);
  }

  private static String module() {
    String module = System.getProperty(MODULE_PROPERTY);
    if (module != null) {
      return module;
    }
    String file = System.getProperty(LIST_PROPERTY);
    return file != null ? file : "the first " + LIST_RESOURCE + " on the class path";
  }
}
