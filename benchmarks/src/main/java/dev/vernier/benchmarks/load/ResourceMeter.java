package dev.vernier.benchmarks.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What one measured phase cost this process: wall time, process CPU time (every thread: client, GC,
 * JIT), the simulator's CPU time (another process), peak heap and peak RSS.
 *
 * <ul>
 *   <li>Peak heap: the largest heap occupancy seen, taken from the "before" usage of every GC in the
 *       phase (the heap is fullest just before a collection) and from a sampler reading the heap every
 *       50 ms (for phases without a GC).</li>
 *   <li>Live heap: the largest heap occupancy right after a GC in the phase (what the program kept, the
 *       garbage not counted), or the occupancy at the end of the phase after a {@code System.gc()} when
 *       no GC happened in it.</li>
 *   <li>Peak RSS: {@code VmHWM} of {@code /proc/self/status}, reset at the phase's start by writing 5 to
 *       {@code /proc/self/clear_refs} (when that is refused, the process's peak so far is reported).</li>
 * </ul>
 */
final class ResourceMeter implements AutoCloseable {

    private static final long SAMPLE_MS = 50;

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<String> heapPools = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener gcListener = this::onGc;
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong maxLiveHeap = new AtomicLong(-1);
    private final AtomicLong gcCount = new AtomicLong();
    private final AtomicLong gcMillis = new AtomicLong();
    private final LongSupplier otherCpu;
    private volatile boolean metering;
    private final Thread sampler;

    /** @param otherCpu CPU nanoseconds of the process under load (the simulator), -1 when unknown */
    ResourceMeter(LongSupplier otherCpu) {
        this.otherCpu = otherCpu;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "resource-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** What a phase used. */
    record Usage(
            long wallNanos,
            long cpuNanos,
            long otherCpuNanos,
            long peakHeapBytes,
            long liveHeapBytes,
            long peakRssBytes,
            long gcCount,
            long gcMillis,
            Map<String, Long> cpuByThreadKind,
            Map<String, Long> kernelByThreadKind) {}

    /** Runs the phase and measures it. */
    <T> Metered<T> measure(Phase<T> phase) throws Exception {
        System.gc();
        resetPeakRss();
        peakHeap.set(heapUsed());
        maxLiveHeap.set(-1);
        gcCount.set(0);
        gcMillis.set(0);
        long other0 = otherCpu.getAsLong();
        ThreadCpu.Snapshot threads0 = ThreadCpu.snapshot();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        metering = true;
        T result;
        try {
            result = phase.run();
        } finally {
            metering = false;
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        ThreadCpu.Snapshot threads1 = ThreadCpu.snapshot();
        long other1 = otherCpu.getAsLong();
        peakHeap.accumulateAndGet(heapUsed(), Math::max);
        long rss = peakRss();
        long gcs = gcCount.get();
        long gcTime = gcMillis.get();
        long live = maxLiveHeap.get();
        if (live < 0) {
            System.gc();
            live = heapUsed();
        }
        long otherCpuNanos = other0 < 0 || other1 < 0 ? -1 : other1 - other0;
        return new Metered<>(
                result,
                new Usage(
                        wall,
                        cpu,
                        otherCpuNanos,
                        peakHeap.get(),
                        live,
                        rss,
                        gcs,
                        gcTime,
                        ThreadCpu.byKind(threads0, threads1, cpu),
                        ThreadCpu.kernelByKind(threads0, threads1)));
    }

    /** One phase: the work whose cost is measured. */
    interface Phase<T> {
        T run() throws Exception;
    }

    /** A phase's result and what it used. */
    record Metered<T>(T result, Usage usage) {}

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        while (true) {
            if (metering) {
                peakHeap.accumulateAndGet(heapUsed(), Math::max);
            }
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (!metering
                || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (info.getGcName().contains("Concurrent")) {
            return; // concurrent cycles are not pauses and their before/after do not bracket a collection
        }
        gcCount.incrementAndGet();
        gcMillis.addAndGet(info.getGcInfo().getDuration());
        peakHeap.accumulateAndGet(heapSum(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        maxLiveHeap.accumulateAndGet(heapSum(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    private long heapSum(Map<String, MemoryUsage> byPool) {
        long sum = 0;
        for (String pool : heapPools) {
            MemoryUsage usage = byPool.get(pool);
            if (usage != null) {
                sum += usage.getUsed();
            }
        }
        return sum;
    }

    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path STATUS = Path.of("/proc/self/status");

    private static void resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or not allowed: the peak since the process started is reported
        }
    }

    /** VmHWM in bytes, -1 when unknown. */
    static long peakRss() {
        long kilobytes = statusKilobytes("VmHWM:");
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }

    private static long statusKilobytes(String field) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    @Override
    public void close() {
        sampler.interrupt();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(gcListener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
