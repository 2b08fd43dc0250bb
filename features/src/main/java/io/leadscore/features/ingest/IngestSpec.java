package io.leadscore.features.ingest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** What one ingest run does: which batch date, from which landing folder, with which source mappings. */
public record IngestSpec(LocalDate batchDate, Path landingDir, List<SourceMapping> sources, String piiSalt) {
  public IngestSpec {
    sources = List.copyOf(sources);
  }

  /** The export file of a source for this batch date: {@code <landing>/<group>/<date>/<file>}. */
  public Path fileOf(SourceMapping m) {
    return landingDir.resolve(m.group()).resolve(batchDate.toString()).resolve(m.file());
  }

  /** The file's name as recorded in tables: relative to the landing folder, stable if the folder moves. */
  public String recordedName(SourceMapping m) {
    return m.group() + "/" + batchDate + "/" + m.file();
  }
}
