package org.sockstap.examples.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** An output stream a test can wait on, line by line, while another thread writes to it. */
public final class LineSink extends OutputStream {
  private final ReentrantLock lock = new ReentrantLock();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /** Returns a print stream over this sink, UTF-8, flushing on each line. */
  public PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    lock.lock();
    try {
      if (b == '\n') {
        lines.add(current.toString(StandardCharsets.UTF_8));
        current.reset();
      } else {
        current.write(b);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the next complete line.
   *
   * @param timeout how long to wait
   * @return the line without its end, or null when none came in time
   */
  public @Nullable String nextLine(Duration timeout) throws InterruptedException {
    return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns the complete lines not yet taken, taking them. */
  public List<String> drainLines() {
    List<String> taken = new ArrayList<>();
    lines.drainTo(taken);
    return taken;
  }
}
