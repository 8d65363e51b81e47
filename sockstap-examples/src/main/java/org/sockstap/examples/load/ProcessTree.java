package org.sockstap.examples.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * CPU time and memory of a process and all its descendants, from Linux {@code /proc}, as the C
 * tool reads them: CPU = utime + stime + cutime + cstime of each (a child's time counts once
 * reaped), RSS from {@code status}, PSS from {@code smaps_rollup}.
 */
final class ProcessTree {
  /** USER_HZ, which is 100 on every Linux architecture Java runs on; Java cannot ask sysconf. */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * One reading.
   *
   * @param processes how many processes were read
   * @param cpuSeconds their CPU time in seconds
   * @param rssKb their resident set in KiB
   * @param pssKb their proportional set in KiB
   */
  record Sample(int processes, double cpuSeconds, long rssKb, long pssKb) {}

  private ProcessTree() {}

  /**
   * Reads a process tree.
   *
   * @param pid the root, or 0
   * @return the reading, or null when {@code pid} is 0; a process that is gone counts as zero
   */
  static @Nullable Sample sample(long pid) {
    if (pid == 0) {
      return null;
    }
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    Optional<ProcessHandle> root = ProcessHandle.of(pid);
    root.ifPresent(handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
    int processes = 0;
    double cpu = 0;
    long rss = 0;
    long pss = 0;
    for (long p : pids) {
      Path dir = Path.of("/proc", Long.toString(p));
      String stat = read(dir.resolve("stat"));
      if (stat == null) {
        continue;
      }
      processes++;
      cpu += cpuTicks(stat) / TICKS_PER_SECOND;
      rss += kilobytes(read(dir.resolve("status")), "VmRSS:");
      pss += kilobytes(read(dir.resolve("smaps_rollup")), "Pss:");
    }
    return new Sample(processes, cpu, rss, pss);
  }

  /** utime + stime + cutime + cstime: fields 14 to 17 of {@code /proc/PID/stat}. */
  static long cpuTicks(String stat) {
    // the command name may hold spaces and parentheses: count fields after the last ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    long ticks = 0;
    for (int i = 11; i <= 14 && i < fields.length; i++) {
      ticks += Long.parseLong(fields[i]);
    }
    return ticks;
  }

  /** The number after {@code key} on the line starting with it, in KiB; 0 if none. */
  static long kilobytes(@Nullable String text, String key) {
    if (text == null) {
      return 0;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith(key)) {
        String[] words = line.substring(key.length()).trim().split(" +");
        try {
          return Long.parseLong(words[0]);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static @Nullable String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
