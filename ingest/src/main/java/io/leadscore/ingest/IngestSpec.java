package io.leadscore.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one ingest run does: which batch date, from which landing folder, with which source mappings.
 *
 * @param inputs              per source name, a file read instead of the landing folder (e.g. a static export);
 *                            any Hadoop path (local, s3a://)
 * @param bronzeRetentionDays bronze rows (the only place raw PII stays) older than this many days before the
 *                            batch date are deleted; 0 keeps them forever
 * @param maxFutureSkew       timestamps after the batch date + this are quarantined with rule {@code future}
 * @param readyWait           how long to wait for a source's {@code ready_marker} before reporting it not ready
 */
public record IngestSpec(LocalDate batchDate, Path landingDir, List<SourceMapping> sources, String piiSalt,
                         Map<String, String> inputs, int bronzeRetentionDays, Duration maxFutureSkew,
                         Duration readyWait) {
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

  public IngestSpec {
    if (maxFutureSkew.isNegative()) {
      throw IngestErrors.notNegative("leadscore.ingest.max_future_skew", maxFutureSkew);
    }
    if (readyWait.isNegative()) {
      throw IngestErrors.notNegative("leadscore.ingest.ready_wait", readyWait);
    }
    sources = List.copyOf(sources);
    inputs = Map.copyOf(inputs);
    if (bronzeRetentionDays < 0) {
      throw IngestErrors.of("leadscore.ingest.bronze_retention_days is %d; use 0 (keep) or a positive "
          + "number of days", bronzeRetentionDays);
    }
    for (String s : inputs.keySet()) {
      if (sources.stream().noneMatch(m -> m.name().equals(s))) {
        throw IngestErrors.of("--input is for source '%s', which is not an active source", s);
      }
    }
  }

  public IngestSpec(LocalDate batchDate, Path landingDir, List<SourceMapping> sources, String piiSalt) {
    this(batchDate, landingDir, sources, piiSalt, Map.of(), 0, DEFAULT_MAX_FUTURE_SKEW, Duration.ZERO);
  }

  /**
   * This spec reading {@code file} for the one source it belongs to: the only active source, or the one
   * whose configured file name equals the file's name.
   */
  public IngestSpec withInput(String file) {
    String fileName = file.substring(file.replace('\\', '/').lastIndexOf('/') + 1);
    List<SourceMapping> match = sources.size() == 1 ? sources
        : sources.stream().filter(m -> m.matches(fileName)).toList();
    if (match.size() != 1) {
      throw IngestErrors.of("--input %s: cannot tell which source it is for; the active sources are %s. "
          + "Set leadscore.ingest.sources to the one source, or name the file like its source's 'file'.", file,
          sources.stream().map(m -> m.name() + " (" + m.delivery().file() + ")").toList());
    }
    Map<String, String> in = new LinkedHashMap<>(inputs);
    in.put(match.get(0).name(), file);
    return new IngestSpec(batchDate, landingDir, sources, piiSalt, in, bronzeRetentionDays, maxFutureSkew, readyWait);
  }

  public IngestSpec withBronzeRetentionDays(int days) {
    return new IngestSpec(batchDate, landingDir, sources, piiSalt, inputs, days, maxFutureSkew, readyWait);
  }

  public IngestSpec withMaxFutureSkew(Duration skew) {
    return new IngestSpec(batchDate, landingDir, sources, piiSalt, inputs, bronzeRetentionDays, skew, readyWait);
  }

  public IngestSpec withReadyWait(Duration wait) {
    return new IngestSpec(batchDate, landingDir, sources, piiSalt, inputs, bronzeRetentionDays, maxFutureSkew, wait);
  }

  /** The latest plausible timestamp: the batch date (00:00 UTC) plus {@code maxFutureSkew}. */
  public java.time.Instant futureCutoff() {
    return batchDate.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plus(maxFutureSkew);
  }

  /** The landing folder of a source for this batch date: {@code <landing>/<group>/<date>/}. */
  public Path folderOf(SourceMapping m) {
    return landingDir.resolve(m.delivery().group()).resolve(batchDate.toString());
  }

  /** The export file of a source for this batch date: {@code <landing>/<group>/<date>/<file>}. */
  public Path fileOf(SourceMapping m) {
    return landingDir.resolve(m.delivery().group()).resolve(batchDate.toString()).resolve(m.delivery().file());
  }

  /** Where the source's file is read from: the {@code --input} for it, else the landing folder. */
  public String location(SourceMapping m) {
    return inputs.getOrDefault(m.name(), fileOf(m).toString());
  }

  /** The file's name as recorded in tables: relative to the landing folder, stable if the folder moves. */
  public String recordedName(SourceMapping m) {
    String in = inputs.get(m.name());
    String file = in == null ? m.delivery().file() : in.substring(in.replace('\\', '/').lastIndexOf('/') + 1);
    return m.delivery().group() + "/" + batchDate + "/" + file;
  }

  /** A file's name as recorded in tables: {@code <group>/<date>/<file name>}. */
  public String recordedName(SourceMapping m, String fileName) {
    return m.delivery().group() + "/" + batchDate + "/" + fileName;
  }
}
