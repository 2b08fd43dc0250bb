package io.leadscore.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package graph of one module's main code, from its imports and the fully qualified names in its code (comments
 * and string literals aside): an edge a -> b when a class of package a uses one of b. A parent package and its
 * {@code spark} subpackage are two packages. {@link #cycles()} gives its strongly connected components.
 */
final class PackageGraph {
  /** A type's package: the lower-case segments before the first capitalised one (a class, or a nested class). */
  static final Pattern REFERENCE = Pattern.compile("\\b(io\\.leadscore(?:\\.[a-z_][a-z0-9_]*)+)\\.(?:[A-Z*])");
  static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  /** Comments, then string and char literals: neither is a use of a package. */
  static final Pattern NOT_CODE = Pattern.compile(
      "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'", Pattern.DOTALL);

  /** package -> used package -> the classes of the first that use the second. */
  private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

  /** @param module e.g. {@code scoring}: only the packages of {@code io.leadscore.scoring} count */
  static PackageGraph of(String module, List<Path> sources, Function<Path, String> read) {
    PackageGraph g = new PackageGraph();
    String own = "io.leadscore." + module;
    for (Path f : sources) {
      String text = read.apply(f);
      Matcher p = PACKAGE.matcher(text);
      if (!p.find()) {
        continue;
      }
      String from = p.group(1);
      g.edges.computeIfAbsent(from, k -> new TreeMap<>());
      Matcher m = REFERENCE.matcher(NOT_CODE.matcher(text).replaceAll(" "));
      while (m.find()) {
        String to = m.group(1);
        if (!to.equals(from) && (to.equals(own) || to.startsWith(own + "."))) {
          String cls = f.getFileName().toString().replace(".java", "");
          g.edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(cls);
        }
      }
    }
    return g;
  }

  /** Each cycle (a strongly connected component of two or more packages) as its sorted package names. */
  List<Set<String>> cycles() {
    List<Set<String>> out = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    for (String v : edges.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, index, low, stack, out);
      }
    }
    return out;
  }

  /** The edges inside {@code cycle}, e.g. "a -> b (by X, Y)": what to cut. */
  List<String> edgesWithin(Set<String> cycle) {
    List<String> out = new ArrayList<>();
    for (String a : new TreeSet<>(cycle)) {
      edges.getOrDefault(a, Map.of()).forEach((b, by) -> {
        if (cycle.contains(b)) {
          out.add(a + " -> " + b + " (by " + String.join(", ", by) + ")");
        }
      });
    }
    return out;
  }

  /** Tarjan's algorithm; a module has a few dozen packages, so the recursion stays shallow. */
  private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                       List<Set<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }
}
