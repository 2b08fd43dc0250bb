package io.leadscore.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap's real peaks, from the collector's own notifications. The heap fills between collections, so its
 * occupancy peaks just before one: the largest sum over the heap pools of "used before this collection" (and the
 * heap as it is now, for the time since the last one) is the true peak, never above {@code -Xmx}. Summing each
 * pool's own peak counter instead overstates it (the pools peak at different times). The largest sum of "used after
 * a collection" is the peak of live data: what the run needed.
 */
final class HeapPeaks {
  private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private static final AtomicLong PEAK = new AtomicLong();
  private static final AtomicLong LIVE = new AtomicLong();

  static {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
          PEAK.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
          LIVE.accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
        }
      }, null, null);
    }
  }

  private HeapPeaks() {}

  private static long heap(Map<String, MemoryUsage> byPool) {
    return byPool.entrySet().stream().filter(e -> HEAP_POOLS.contains(e.getKey()))
        .mapToLong(e -> e.getValue().getUsed()).sum();
  }

  /** Starts new peaks (e.g. per night of a multi-night run). */
  static void reset() {
    PEAK.set(0);
    LIVE.set(0);
  }

  /** The heap's peak occupancy since {@link #reset}, in MiB. */
  static long peakMiB() {
    return Math.max(PEAK.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) >> 20;
  }

  /** The largest heap left after a collection since {@link #reset} (live data), in MiB. */
  static long liveMiB() {
    return LIVE.get() >> 20;
  }
}
