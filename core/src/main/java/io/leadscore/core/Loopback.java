package io.leadscore.core;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a URL's host is this machine, by its literal name: localhost, 127.0.0.0/8 or ::1. Never resolved,
 * because a DNS answer can lie: the one exception to "secrets travel over https only" (a test CRM, a local
 * tunnel, a webhook relay on the same host) must not be reachable through a name that points elsewhere.
 */
public final class Loopback {
  private Loopback() {}

  public static boolean host(URI url) {
    String h = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("[0:0:0:0:0:0:0:1]")) {
      return true;
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String o : octets) {
      if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }
}
