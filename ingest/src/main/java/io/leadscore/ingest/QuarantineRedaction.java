package io.leadscore.ingest;

import io.leadscore.core.Sha256;
import java.io.Serializable;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a quarantine row may keep of a rejected value. The full raw record stays only in bronze (found again by
 * source file + row number); quarantine keeps the field, the rule and:
 * <ul>
 *   <li>the value's salted SHA-256 when the field is PII ({@code pii_hash} or {@code pii_drop} of the mapping),
 *       when the value looks like an email or a phone number whatever the field, or when it is an unparsable
 *       record of a source that has PII columns (the record holds them);</li>
 *   <li>else the value cut to {@value #MAX_CHARS} characters.</li>
 * </ul>
 * The hash is the one silver uses ({@code sha256(salt + lower(trim(value)))}, marked {@code sha256:}), so a
 * quarantined email can still be matched against {@code leads.email_hash}.
 */
public final class QuarantineRedaction implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int MAX_CHARS = 200;
  /** the field name of a record that could not be parsed */
  public static final String RECORD = "_record";
  static final Pattern EMAIL = Pattern.compile("[^\\s@,;\"'<>]+@[^\\s@,;\"'<>]+\\.[A-Za-z]{2,}");
  /** 7+ digits, optionally with +, spaces, dots, dashes or brackets between them (not dates or amounts) */
  static final Pattern PHONE = Pattern.compile("(?<![\\w.])\\+?\\(?\\d{2,4}\\)?[\\s.-]?\\d{3,4}[\\s.-]?\\d{3,5}(?![\\w.])");
  static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final Set<String> piiFields;
  private final boolean recordHasPii;
  private final String salt;

  private QuarantineRedaction(Set<String> piiFields, String salt) {
    this.piiFields = Set.copyOf(piiFields);
    this.recordHasPii = !piiFields.isEmpty();
    this.salt = salt;
  }

  public static QuarantineRedaction of(SourceMapping m, String salt) {
    Set<String> pii = new TreeSet<>(m.privacy().piiHash());
    pii.addAll(m.privacy().piiDrop());
    return new QuarantineRedaction(pii, salt);
  }

  /** The value a quarantine row keeps for {@code field}; null stays null. */
  public String redact(String field, String value) {
    if (value == null) {
      return null;
    }
    if (piiFields.contains(field) || (RECORD.equals(field) && recordHasPii) || looksPersonal(value)) {
      return hash(value);
    }
    return value.length() <= MAX_CHARS ? value : value.substring(0, MAX_CHARS);
  }

  /** Whether the text holds something shaped like an email address or a phone number. */
  static boolean looksPersonal(String value) {
    if (EMAIL.matcher(value).find()) {
      return true;
    }
    // timestamps ("2026-11-01 10:00:00") have digit runs too: take them out before looking for a phone
    return PHONE.matcher(DATE_LIKE.matcher(value).replaceAll(" ")).find();
  }

  /** {@code sha256:} + hex of salt + lower(trim(value)): marked, so nobody takes it for a raw value. */
  String hash(String value) {
    return "sha256:" + Sha256.hex(salt + value.trim().toLowerCase(Locale.ROOT));
  }
}
