import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises one scenario's flight recording (bench/jfc/bench.jfc) as one JSON line: bytes
 * allocated (jdk.ThreadAllocationStatistics at the start and the end of the recording), the five hottest leaf frames and the five hottest Keyless frames
 * (first dev.keyless frame from the leaf) of the CPU samples, their share of all samples, and the
 * JIT churn (deoptimizations, compilations) and young collections during the run.
 * Run: java bench/src/JfrSummary.java FILE.jfr
 */
public final class JfrSummary {
    public static void main(String[] args) throws Exception {
        long sampled = 0;
        // Per thread: {first value, last value, number of events, time of the last event}.
        Map<Long, long[]> perThread = new HashMap<>();
        long firstTime = Long.MAX_VALUE;
        long lastTime = Long.MIN_VALUE;
        int samples = 0;
        int deopts = 0;
        int compilations = 0;
        int gcs = 0;
        Map<String, Integer> leaf = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> deoptMethods = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            switch (e.getEventType().getName()) {
                case "jdk.ObjectAllocationSample" -> sampled += e.getLong("weight");
                case "jdk.ThreadAllocationStatistics" -> {
                    long bytes = e.getLong("allocated");
                    long at = e.getStartTime().toEpochMilli();
                    firstTime = Math.min(firstTime, at);
                    lastTime = Math.max(lastTime, at);
                    long[] r = perThread.computeIfAbsent(e.getThread("thread") == null ? -1 : e.getThread("thread").getId(),
                            k -> new long[] {bytes, bytes, 0, at});
                    r[0] = Math.min(r[0], bytes);
                    r[1] = Math.max(r[1], bytes);
                    r[2]++;
                    r[3] = Math.max(r[3], at);
                }
                case "jdk.ExecutionSample", "jdk.CPUTimeSample" -> {
                    samples++;
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        break;
                    }
                    List<RecordedFrame> frames = st.getFrames();
                    leaf.merge(name(frames.get(0)), 1, Integer::sum);
                    frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("dev.keyless."))
                            .findFirst().ifPresent(f -> ours.merge(name(f), 1, Integer::sum));
                }
                case "jdk.Deoptimization" -> {
                    deopts++;
                    deoptMethods.merge(e.getValue("method") == null ? "?" : methodName(e.getValue("method")), 1, Integer::sum);
                }
                case "jdk.Compilation" -> compilations++;
                case "jdk.GarbageCollection" -> gcs++;
                default -> { }
            }
        }
        // Exact: each live thread's allocation counter at the end minus at the start (threads born
        // during the run count from zero). The samples' weights are only an estimate: a thread's
        // first sample carries everything it allocated since its previous one, before the run.
        long mid = firstTime / 2 + lastTime / 2;
        long allocated = perThread.values().stream()
                .mapToLong(r -> r[2] > 1 ? r[1] - r[0] : (r[3] > mid ? r[1] : 0)).sum();
        System.out.printf(Locale.ROOT, "{\"alloc_bytes\":%d,\"sampled_alloc_bytes\":%d,\"cpu_samples\":%d,\"deopts\":%d,\"compilations\":%d,\"gcs\":%d,"
                + "\"top_leaf\":%s,\"top_keyless\":%s,\"top_deopt\":%s}%n",
                allocated, sampled, samples, deopts, compilations, gcs, top(leaf, samples), top(ours, samples), top(deoptMethods, 0));
    }

    private static String name(RecordedFrame f) {
        return methodName(f.getMethod());
    }

    private static String methodName(jdk.jfr.consumer.RecordedMethod m) {
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName();
    }

    private static String top(Map<String, Integer> counts, int total) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(5)
                .map(en -> String.format(Locale.ROOT, "[\"%s\",%d,%.1f]", en.getKey().replace("\"", "'"), en.getValue(),
                        total == 0 ? 0.0 : 100.0 * en.getValue() / total))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
