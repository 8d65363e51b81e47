package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessTreeTest {
  @Test
  void cpuIsUtimeStimeAndReapedChildrenEvenWithOddCommandNames() {
    String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 700 50 30 20 20 0 9"
        + " 0 1234 5678 99";
    assertEquals(700 + 50 + 30 + 20, ProcessTree.cpuTicks(stat));
  }

  @Test
  void kilobytesFindsTheKeyedLine() {
    String status = "Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t7\n";
    assertEquals(123456, ProcessTree.kilobytes(status, "VmRSS:"));
    assertEquals(0, ProcessTree.kilobytes(status, "Pss:"));
    assertEquals(0, ProcessTree.kilobytes(null, "Pss:"));
  }

  @Test
  void samplesThisProcess() {
    assertNull(ProcessTree.sample(0));
    ProcessTree.Sample sample = ProcessTree.sample(ProcessHandle.current().pid());
    assertTrue(sample.processes() >= 1);
    assertTrue(sample.cpuSeconds() > 0);
    assertTrue(sample.rssKb() > 0);
    assertTrue(sample.pssKb() > 0);
  }
}
