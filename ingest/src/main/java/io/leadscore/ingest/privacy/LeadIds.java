package io.leadscore.ingest.privacy;

import io.leadscore.ingest.IngestErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The lead ids of an erasure request: one id, or a file with one id per line ({@code #} comments, blanks ok). */
public final class LeadIds {
  private LeadIds() {}

  public static List<String> of(String leadId) {
    return List.of(check(leadId, "--lead-id"));
  }

  public static List<String> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw IngestErrors.of("Cannot read the ids file %s: %s (one lead id per line)", file, e.getMessage());
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      ids.add(check(line, file + " line " + (i + 1)));
    }
    if (ids.isEmpty()) {
      throw IngestErrors.of("The ids file %s holds no lead id (one id per line)", file);
    }
    return List.copyOf(ids);
  }

  private static String check(String id, String where) {
    String s = id == null ? "" : id.strip();
    if (s.isEmpty()) {
      throw IngestErrors.of("%s: the lead id is empty", where);
    }
    if (s.contains(",") || s.contains(";") || s.contains("\t")) {
      // a CSV line pasted by mistake would erase nobody, silently
      throw IngestErrors.of("%s: '%s' is not one lead id (it holds a separator): put one id per line", where,
          s.length() > 40 ? s.substring(0, 40) + "..." : s);
    }
    return s;
  }
}
