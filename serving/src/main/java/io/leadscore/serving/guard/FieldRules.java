package io.leadscore.serving.guard;

import com.typesafe.config.Config;
import io.leadscore.ingest.SourceMapping;
import io.leadscore.ingest.SourceMapping.Column;
import io.leadscore.serving.errors.ServingErrors;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Posted lead fields checked by ingestion's own column rules (the {@code leads} and {@code accounts} mappings of
 * the configuration: type, max_length, control_chars, formula_injection, min, max, future, allowed, pattern),
 * the same rule names as a quarantine row. A field is named by its canonical column or by the mapping's export
 * header. A field no mapping knows is refused (never silently missing); PII fields ({@code pii_hash},
 * {@code pii_drop}) are dropped before anything else sees them: features never use them.
 */
public final class FieldRules {
  static final String INT = "^[+-]?[0-9]+(\\.0*)?$";
  static final String DOUBLE = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$";
  static final String FORMULA = "^([=@\\t\\r]|[+-][^0-9.]).*";
  static final String CONTROL = ".*[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F].*";

  private final Map<String, Column> byName = new HashMap<>();
  private final Set<String> pii = new HashSet<>();

  public FieldRules(List<SourceMapping> mappings) {
    for (SourceMapping m : mappings) {
      if (!m.silver().table().equals("leads") && !m.silver().table().equals("accounts")) {
        continue;
      }
      for (Column c : m.columns()) {
        byName.putIfAbsent(c.name(), c);
        byName.putIfAbsent(c.from(), c);
        if (m.privacy().piiHash().contains(c.name()) || m.privacy().piiDrop().contains(c.name())) {
          pii.add(c.name());
          pii.add(c.from());
        }
      }
    }
  }

  public static FieldRules from(Config config) {
    return new FieldRules(SourceMapping.all(config));
  }

  /**
   * The fields of {@code leads[index]} typed by their column (canonical names), PII dropped; 400 naming the
   * first field and rule that fails.
   */
  public Map<String, Object> check(int index, Map<String, Object> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      Column c = byName.get(e.getKey());
      if (c == null) {
        throw ServingErrors.badField(index, e.getKey(), "unknown", "known fields: " + known());
      }
      if (pii.contains(e.getKey())) {
        continue;
      }
      Object typed = typed(index, e.getKey(), c, e.getValue());
      if (typed != null) {
        out.put(c.name(), typed);
      }
    }
    return out;
  }

  private String known() {
    TreeSet<String> names = new TreeSet<>();
    byName.values().forEach(c -> names.add(c.name()));
    return String.join(", ", names);
  }

  private static Object typed(int index, String field, Column c, Object raw) {
    if (raw == null) {
      return null;
    }
    String text = raw.toString();
    var r = c.rules();
    if (text.length() > r.maxLength()) {
      throw ServingErrors.badField(index, field, "max_length", "at most " + r.maxLength() + " characters");
    }
    if (text.matches(CONTROL)) {
      throw ServingErrors.badField(index, field, "control_chars", "no control characters");
    }
    String v = c.normalised(text);
    if (c.text().missing().contains(v)) {
      return null;
    }
    if (c.type().equals("string") && v.matches(FORMULA)) {
      throw ServingErrors.badField(index, field, "formula_injection", "must not start with = @ + - as a formula");
    }
    Object typed = switch (c.type()) {
      case "int" -> v.matches(INT) ? integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE) : null;
      case "long" -> v.matches(INT) ? integral(v, Long.MIN_VALUE, Long.MAX_VALUE) : null;
      case "double" -> v.matches(DOUBLE) ? Double.parseDouble(v) : null;
      case "boolean" -> bool(c, v);
      case "timestamp" -> timestamp(c, v);
      default -> v;
    };
    if (typed == null) {
      throw ServingErrors.badField(index, field, "type:" + c.type(), "a " + c.type() + " value");
    }
    if (typed instanceof Number n) {
      if (r.min() != null && n.doubleValue() < r.min()) {
        throw ServingErrors.badField(index, field, "min", "at least " + r.min());
      }
      if (r.max() != null && n.doubleValue() > r.max()) {
        throw ServingErrors.badField(index, field, "max", "at most " + r.max());
      }
      if (r.maxBatchYear() && n.longValue() > java.time.Year.now(ZoneOffset.UTC).getValue()) {
        throw ServingErrors.badField(index, field, "future", "not after this year");
      }
    }
    if (!r.allowed().isEmpty() && !r.allowed().contains(v)) {
      throw ServingErrors.badField(index, field, "allowed", "one of " + r.allowed());
    }
    if (r.pattern() != null && !v.matches("(?:" + r.pattern() + ")")) {
      throw ServingErrors.badField(index, field, "pattern", "must match " + r.pattern());
    }
    return typed;
  }

  private static Object integral(String v, long min, long max) {
    try {
      long x = new java.math.BigDecimal(v).longValueExact();
      return x < min || x > max ? null : (Object) x;
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static Object bool(Column c, String v) {
    String l = v.toLowerCase(Locale.ROOT);
    if (c.text().trueValues().stream().anyMatch(t -> t.equalsIgnoreCase(l))) {
      return true;
    }
    return c.text().falseValues().stream().anyMatch(t -> t.equalsIgnoreCase(l)) ? false : null;
  }

  private static Object timestamp(Column c, String v) {
    try {
      if (c.text().format() != null) {
        return LocalDateTime.parse(v, DateTimeFormatter.ofPattern(c.text().format())).toInstant(ZoneOffset.UTC);
      }
      return v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(v).toInstant()
          : LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      try {
        return java.time.LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }

  /** For callers that need the instant type explicitly. */
  public static boolean isInstant(Object v) {
    return v instanceof Instant;
  }
}
