package io.leadscore.core;

import java.util.Collection;

/**
 * Secrets out of messages: every URL or JDBC URL that reaches a message, a log line, a summary or a table goes
 * through here first. What a URL may carry as a secret: user info ({@code https://user:token@host}), a query
 * string or fragment ({@code ?token=...}), JDBC {@code ;password=...} properties, and for webhooks the path itself
 * (Slack's {@code /services/T0/B0/secret}). Plain string work, so even a value that is not a valid URI (the one a
 * parse error is about) is redacted.
 */
public final class Redact {
  /** What stands in for a hidden part. */
  public static final String MASK = "***";

  private Redact() {}

  /**
   * The URL with its user info, query string, fragment and {@code ;key=value} properties masked, scheme, host,
   * port and path kept: {@code https://u:p@crm.example.com/api?token=t} -> {@code https://***@crm.example.com/api?***}.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String s = url.strip();
    int cut = firstOf(s, "?#;");
    String tail = cut < 0 ? "" : s.charAt(cut) + MASK;
    s = cut < 0 ? s : s.substring(0, cut);
    int start = s.indexOf("//");
    start = start < 0 ? 0 : start + 2;
    int slash = s.indexOf('/', start);
    int at = s.lastIndexOf('@', slash < 0 ? s.length() - 1 : slash - 1);
    if (at >= start) {
      s = s.substring(0, start) + MASK + s.substring(at);
    }
    return s + tail;
  }

  /**
   * Only scheme, host and port of a webhook URL: its path is its secret ({@code https://hooks.slack.com/services/
   * T0/B0/x} -> {@code https://hooks.slack.com/***}).
   */
  public static String webhook(String url) {
    if (url == null) {
      return null;
    }
    String s = url(url);
    int start = s.indexOf("//");
    start = start < 0 ? 0 : start + 2;
    int end = firstOf(s.substring(start), "/?#;");
    return end < 0 ? s : s.substring(0, start + end) + "/" + MASK;
  }

  /** {@code text} with every occurrence of each non-blank secret value masked (e.g. a token a driver echoed). */
  public static String secrets(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
