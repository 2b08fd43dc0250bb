package io.leadscore.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Relative links and {@code #anchors} of markdown files, resolved against the files they point to. */
public final class Links {
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$");

  private Links() {}

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
  public static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  /** The anchors of a markdown file (headings outside fenced code; duplicates get -1, -2 as on GitHub). */
  public static Set<String> anchors(Path md) {
    Set<String> out = new HashSet<>();
    boolean fence = false;
    for (String line : read(md).split("\n")) {
      if (line.startsWith("```")) {
        fence = !fence;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (!fence && m.matches()) {
        String a = anchor(m.group(1).replace("`", ""));
        String unique = a;
        for (int i = 1; out.contains(unique); i++) {
          unique = a + "-" + i;
        }
        out.add(unique);
      }
    }
    return out;
  }

  /** Every broken relative link of {@code md} ("file: target (why)"); web links are not fetched. */
  public static List<String> broken(Path md) {
    List<String> bad = new ArrayList<>();
    boolean fence = false;
    StringBuilder text = new StringBuilder();
    for (String line : read(md).split("\n")) {
      if (line.startsWith("```")) {
        fence = !fence;
      } else if (!fence) {
        text.append(line.replaceAll("`[^`]*`", "")).append('\n');
      }
    }
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String target = m.group(1);
      if (target.matches("^[a-z]+:.*")) {
        continue; // http(s), mailto
      }
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      String frag = hash < 0 ? null : target.substring(hash + 1);
      Path to = file.isEmpty() ? md : md.getParent().resolve(file).normalize();
      if (!Files.exists(to)) {
        bad.add(md + ": " + target + " (no such file)");
      } else if (frag != null && to.toString().endsWith(".md") && !anchors(to).contains(frag)) {
        bad.add(md + ": " + target + " (no such heading in " + to.getFileName() + ")");
      }
    }
    return bad;
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
