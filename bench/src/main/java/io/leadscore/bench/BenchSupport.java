package io.leadscore.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** What every benchmark prints: wall time, rates and the JVM's peak heap use. */
public final class BenchSupport {
  private BenchSupport() {}

  /** Peak used heap over all heap pools since JVM start, in MiB (the pools' own peak counters). */
  public static long peakHeapMiB() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  /** Starts a new peak for {@link #peakHeapMiB} (e.g. per night of a multi-night run). */
  public static void resetPeakHeap() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /**
   * CPU time of this whole process (every thread: tasks, GC, JIT, native pools) in nanoseconds. On a shared
   * machine a phase's CPU moves much less with the load than its wall time does.
   */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, max heap "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, Java " + System.getProperty("java.version");
  }
}
