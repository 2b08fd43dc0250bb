package io.leadscore.ingest.landing;

import io.leadscore.core.runs.Problem;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of the ingest: each active source's files of the batch date. A required export that is missing, or a
 * folder without its ready marker, is a problem of the run and leaves that source out.
 */
public final class FindLandingFiles {
  /** The files to load, per source in the configured order, and why a source is not loaded today. */
  public record Landed(Map<SourceMapping, List<LandingFiles.Found>> files, List<Problem> problems) {
    public Landed {
      files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
      problems = List.copyOf(problems);
    }

    public long totalBytes() {
      return files.values().stream().flatMap(List::stream).mapToLong(LandingFiles.Found::size).sum();
    }
  }

  private final LandingFiles landing;

  public FindLandingFiles(LandingFiles landing) {
    this.landing = landing;
  }

  public Landed run(IngestSpec spec) {
    List<Problem> problems = new ArrayList<>();
    Map<SourceMapping, List<LandingFiles.Found>> files = new LinkedHashMap<>();
    for (SourceMapping m : spec.sources()) {
      List<LandingFiles.Found> found = landing.of(spec, m);
      if (found.isEmpty()) {
        if (m.required()) {
          problems.add(Problem.of(Problem.EXPORT_MISSING, spec.folderOf(m) + "/" + m.file(), String.format(
              "the required export of source '%s' is missing for batch date %s, so its table keeps yesterday's "
                  + "data. Deliver the file and run `leadscore ingest` again (or set required = false in "
                  + "leadscore.sources.%s)", m.name(), spec.batchDate(), m.name())));
        }
        continue; // an optional export that is not there today: nothing received
      }
      if (!landing.ready(spec, m)) {
        problems.add(Problem.of(Problem.FILE_NOT_READY, spec.folderOf(m).toString(), String.format("no ready "
            + "marker '%s' (waited %s): the upload may be incomplete, so source '%s' was not read. Run again once "
            + "the marker is there", m.readyMarker(), spec.readyWait(), m.name())));
        continue;
      }
      files.put(m, found);
    }
    return new Landed(files, problems);
  }
}
