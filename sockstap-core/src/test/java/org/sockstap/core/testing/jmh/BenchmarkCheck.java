package org.sockstap.core.testing.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * Runs every benchmark of a module a couple of times, without JMH's harness, so that the normal
 * build notices a benchmark that no longer works (its setup's checks fail, it throws) without
 * measuring anything.
 *
 * <p>The benchmarks are those the JMH annotation processor listed for the module, so none can
 * be forgotten, and a build whose processor did not run fails here. Each benchmark class must be
 * its own {@link State}; for every combination of its {@link Param} values it is created, its
 * {@link Setup} methods run (trial, then iteration, then invocation level), each {@link
 * Benchmark} method is called twice (a second call catches state that one call used up), and
 * its {@link TearDown} methods run. Benchmark methods may take a {@link Blackhole}, and nothing
 * else.
 */
public final class BenchmarkCheck {
  private static final String BLACKHOLE_PASSWORD =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  private BenchmarkCheck() {}

  /**
   * Returns one test per benchmark class and parameter combination of the module whose test
   * classes hold {@code anchor}.
   *
   * @param anchor any test class of the module
   * @return the tests, at least one
   * @throws IOException when the benchmark list cannot be read
   * @throws IllegalStateException when the module has no benchmark list
   */
  public static List<DynamicTest> everyBenchmarkOf(Class<?> anchor) throws IOException {
    Path list = testClassesOf(anchor).resolve(BenchmarkList.BENCHMARK_LIST.substring(1));
    if (!Files.exists(list)) {
      throw new IllegalStateException("no " + list
          + ": the JMH annotation processor did not run on this module's tests");
    }
    Set<String> classNames = new TreeSet<>();
    try (InputStream in = Files.newInputStream(list)) {
      for (BenchmarkListEntry entry : BenchmarkList.readBenchmarkList(in)) {
        classNames.add(entry.getUserClassQName());
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String className : classNames) {
      Class<?> type;
      try {
        type = Class.forName(className, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("listed benchmark class " + className + " not found", e);
      }
      for (Map<Field, Object> params : combinations(type)) {
        tests.add(DynamicTest.dynamicTest(type.getSimpleName() + describe(params),
            () -> runTwice(type, params)));
      }
    }
    if (tests.isEmpty()) {
      throw new IllegalStateException(list + " lists no benchmark");
    }
    return tests;
  }

  private static Path testClassesOf(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void runTwice(Class<?> type, Map<Field, Object> params) throws Throwable {
    if (!type.isAnnotationPresent(State.class)) {
      throw new IllegalStateException(
          type.getName() + ": not a @State (expected: benchmark classes are their own state)");
    }
    Object benchmark = type.getDeclaredConstructor().newInstance();
    for (Map.Entry<Field, Object> param : params.entrySet()) {
      param.getKey().setAccessible(true);
      param.getKey().set(benchmark, param.getValue());
    }
    Blackhole blackhole = new Blackhole(BLACKHOLE_PASSWORD);
    List<Method> benchmarks = annotated(type, Benchmark.class);
    try {
      runFixtures(benchmark, Setup.class, Level.Trial);
      runFixtures(benchmark, Setup.class, Level.Iteration);
      for (Method method : benchmarks) {
        for (int i = 0; i < 2; i++) {
          runFixtures(benchmark, Setup.class, Level.Invocation);
          invoke(benchmark, method, blackhole);
          runFixtures(benchmark, TearDown.class, Level.Invocation);
        }
      }
      runFixtures(benchmark, TearDown.class, Level.Iteration);
    } finally {
      runFixtures(benchmark, TearDown.class, Level.Trial);
    }
  }

  private static void runFixtures(
      Object benchmark, Class<? extends Annotation> kind, Level level) throws Throwable {
    for (Method method : annotated(benchmark.getClass(), kind)) {
      Level declared = kind == Setup.class
          ? method.getAnnotation(Setup.class).value()
          : method.getAnnotation(TearDown.class).value();
      if (declared == level) {
        invoke(benchmark, method, null);
      }
    }
  }

  private static void invoke(Object target, Method method, @Nullable Blackhole blackhole)
      throws Throwable {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (types[i] != Blackhole.class || blackhole == null) {
        throw new IllegalStateException(method + ": parameter " + types[i].getName()
            + " (expected: a Blackhole, on @Benchmark methods only)");
      }
      args[i] = blackhole;
    }
    method.setAccessible(true);
    try {
      method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static List<Method> annotated(Class<?> type, Class<? extends Annotation> annotation) {
    List<Method> methods = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(annotation) && !Modifier.isStatic(m.getModifiers())) {
        methods.add(m);
      }
    }
    methods.sort(Comparator.comparing(Method::getName));
    return methods;
  }

  /** Every combination of the {@link Param} fields' values, in declaration order. */
  private static List<Map<Field, Object>> combinations(Class<?> type) {
    List<Map<Field, Object>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Field field : type.getDeclaredFields()) {
      Param param = field.getAnnotation(Param.class);
      if (param == null) {
        continue;
      }
      List<Map<Field, Object>> next = new ArrayList<>();
      for (Map<Field, Object> partial : combinations) {
        for (Object value : values(field, param)) {
          Map<Field, Object> extended = new LinkedHashMap<>(partial);
          extended.put(field, value);
          next.add(extended);
        }
      }
      combinations = next;
    }
    return combinations;
  }

  private static List<Object> values(Field field, Param param) {
    Class<?> type = field.getType();
    List<Object> values = new ArrayList<>();
    if (param.value().length == 0 || (param.value().length == 1
        && param.value()[0].equals(Param.BLANK_ARGS))) {
      if (type.isEnum()) {
        values.addAll(Arrays.asList(type.getEnumConstants()));
      } else if (type == boolean.class) {
        values.addAll(List.of(false, true));
      } else {
        throw new IllegalStateException(field + ": @Param without values");
      }
      return values;
    }
    for (String text : param.value()) {
      values.add(convert(field, type, text));
    }
    return values;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(Field field, Class<?> type, String text) {
    if (type == String.class) {
      return text;
    }
    if (type == int.class) {
      return Integer.parseInt(text);
    }
    if (type == long.class) {
      return Long.parseLong(text);
    }
    if (type == boolean.class) {
      return Boolean.parseBoolean(text);
    }
    if (type.isEnum()) {
      return Enum.valueOf((Class<? extends Enum>) type, text);
    }
    throw new IllegalStateException(field + ": @Param of type " + type.getName()
        + " (expected: String, int, long, boolean or an enum)");
  }

  private static String describe(Map<Field, Object> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" [");
    for (Map.Entry<Field, Object> param : params.entrySet()) {
      if (text.length() > 2) {
        text.append(", ");
      }
      text.append(param.getKey().getName()).append('=').append(param.getValue());
    }
    return text.append(']').toString();
  }
}
