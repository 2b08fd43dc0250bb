package io.leadscore.ingest.privacy;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and blanks lead ids in free text (run summaries, problem messages, reports, traces): an id counts where it
 * stands as a whole token, so erasing {@code L1} leaves {@code L10} alone. Plain Java: the erasure uses it on
 * {@code job_runs} rows and on the files under the storage root.
 */
public final class LeadIdText {
  /** What an erased id becomes. */
  public static final String ERASED = "[erased]";
  /** The characters an id token is made of; ids with other characters are matched by a bounded search. */
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

  private final Set<String> tokenIds;
  private final List<Pattern> otherIds;

  public LeadIdText(Collection<String> ids) {
    this.tokenIds = ids.stream().filter(i -> TOKEN.matcher(i).matches()).collect(java.util.stream.Collectors.toSet());
    this.otherIds = ids.stream().filter(i -> !i.isEmpty() && !TOKEN.matcher(i).matches())
        .map(i -> Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(i) + "(?![A-Za-z0-9_-])")).toList();
  }

  /** The text with every erased id replaced by {@link #ERASED}; the same instance when none is in it. */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    int last = 0;
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      if (tokenIds.contains(m.group())) {
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, last, m.start()).append(ERASED);
        last = m.end();
      }
    }
    String s = out == null ? text : out.append(text, last, text.length()).toString();
    for (Pattern p : otherIds) {
      s = p.matcher(s).replaceAll(Matcher.quoteReplacement(ERASED));
    }
    return s.equals(text) ? text : s;
  }

  /** Whether the text holds any of the ids. */
  public boolean holds(String text) {
    return text != null && !scrub(text).equals(text);
  }
}
