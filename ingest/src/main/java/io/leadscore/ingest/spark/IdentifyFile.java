package io.leadscore.ingest.spark;

import io.leadscore.ingest.IngestErrors;
import io.leadscore.ingest.IngestSpec;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.landing.FileScan;
import io.leadscore.ingest.landing.LandingFiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Step 3, per file: the name the file is recorded under and what its scan found. The same bytes under a name
 * bronze knows were ingested before; other content under a known name is a corrected re-delivery, recorded as
 * {@code <name>#<checksum prefix>}. A file not in its declared encoding, or with records spanning more lines than
 * allowed, fails here, before Spark reads it.
 */
final class IdentifyFile {
  /**
   * @param name     the recorded name (for a file ingested before: the name it was recorded under)
   * @param ingested the same content was ingested before: nothing to do
   * @param notes    what a reader of the file's line should know
   */
  record Identified(String name, boolean ingested, List<String> notes) {
    Identified {
      notes = List.copyOf(notes);
    }
  }

  private final SparkSession spark;

  IdentifyFile(SparkSession spark) {
    this.spark = spark;
  }

  Identified run(IngestSpec spec, SourceMapping m, LandingFiles.Found f, FileScan.Facts facts, String bronzePath) {
    String baseName = spec.recordedName(m, f.name());
    FileIdentity.Seen seen = FileIdentity.lookup(spark, bronzePath, baseName, facts.sha256());
    if (seen.ingested() != null) {
      return new Identified(seen.ingested(), true, List.of());
    }
    String name = seen.earlier().isEmpty() ? baseName : baseName + "#" + facts.sha256().substring(0, 12);
    List<String> notes = new ArrayList<>();
    if (!seen.earlier().isEmpty()) {
      notes.add("a corrected re-delivery (other content than " + seen.earlier() + "): ingested as " + name
          + ", bronze keeps both");
    }
    if (facts.encoding() != null && facts.encoding().mismatch() != null) {
      throw IngestErrors.fileFailure("%s", "Export " + f.location() + " is not in its declared encoding: "
          + facts.encoding().mismatch());
    }
    if (facts.encoding() != null && facts.encoding().bomLength() > 0
        && !facts.encoding().charset().name().equals("UTF-8")) {
      notes.add("read as " + facts.encoding().charset().name() + " (byte-order mark)");
    }
    if (facts.counts() != null && facts.counts().openQuoteCount() > 0) {
      notes.add(facts.counts().openQuoteCount() + " record(s) with a quote left open at the end of the line, "
          + "quarantined as parse (first: " + facts.counts().openQuote() + ")");
    }
    if (facts.counts() != null && facts.counts().overlongCount() > 0) {
      throw IngestErrors.fileFailure("Export %s: %d record(s) span more than max_record_lines (%d) lines, "
          + "first at %s: an unclosed quote makes the parser swallow the following records. Fix the quote in "
          + "the export, or raise leadscore.sources.%s.max_record_lines if such long records are real",
          f.location(), facts.counts().overlongCount(), m.read().maxRecordLines(), facts.counts().overlong(),
          m.name());
    }
    return new Identified(name, false, notes);
  }
}
