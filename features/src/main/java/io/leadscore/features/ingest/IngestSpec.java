package io.leadscore.features.ingest;

import io.leadscore.features.LeadscoreException;
import java.nio.file.Path;
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
 */
public record IngestSpec(LocalDate batchDate, Path landingDir, List<SourceMapping> sources, String piiSalt,
                         Map<String, String> inputs, int bronzeRetentionDays) {
  public IngestSpec {
    sources = List.copyOf(sources);
    inputs = Map.copyOf(inputs);
    if (bronzeRetentionDays < 0) {
      throw LeadscoreException.of("leadscore.ingest.bronze_retention_days is %d; use 0 (keep) or a positive "
          + "number of days", bronzeRetentionDays);
    }
    for (String s : inputs.keySet()) {
      if (sources.stream().noneMatch(m -> m.name().equals(s))) {
        throw LeadscoreException.of("--input is for source '%s', which is not an active source", s);
      }
    }
  }

  public IngestSpec(LocalDate batchDate, Path landingDir, List<SourceMapping> sources, String piiSalt) {
    this(batchDate, landingDir, sources, piiSalt, Map.of(), 0);
  }

  /**
   * This spec reading {@code file} for the one source it belongs to: the only active source, or the one
   * whose configured file name equals the file's name.
   */
  public IngestSpec withInput(String file) {
    String fileName = file.substring(file.replace('\\', '/').lastIndexOf('/') + 1);
    List<SourceMapping> match = sources.size() == 1 ? sources
        : sources.stream().filter(m -> m.file().equals(fileName)).toList();
    if (match.size() != 1) {
      throw LeadscoreException.of("--input %s: cannot tell which source it is for; the active sources are %s. "
          + "Set leadscore.ingest.sources to the one source, or name the file like its source's 'file'.", file,
          sources.stream().map(m -> m.name() + " (" + m.file() + ")").toList());
    }
    Map<String, String> in = new LinkedHashMap<>(inputs);
    in.put(match.get(0).name(), file);
    return new IngestSpec(batchDate, landingDir, sources, piiSalt, in, bronzeRetentionDays);
  }

  public IngestSpec withBronzeRetentionDays(int days) {
    return new IngestSpec(batchDate, landingDir, sources, piiSalt, inputs, days);
  }

  /** The export file of a source for this batch date: {@code <landing>/<group>/<date>/<file>}. */
  public Path fileOf(SourceMapping m) {
    return landingDir.resolve(m.group()).resolve(batchDate.toString()).resolve(m.file());
  }

  /** Where the source's file is read from: the {@code --input} for it, else the landing folder. */
  public String location(SourceMapping m) {
    return inputs.getOrDefault(m.name(), fileOf(m).toString());
  }

  /** The file's name as recorded in tables: relative to the landing folder, stable if the folder moves. */
  public String recordedName(SourceMapping m) {
    String in = inputs.get(m.name());
    String file = in == null ? m.file() : in.substring(in.replace('\\', '/').lastIndexOf('/') + 1);
    return m.group() + "/" + batchDate + "/" + file;
  }
}
