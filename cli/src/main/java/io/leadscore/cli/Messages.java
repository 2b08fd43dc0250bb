package io.leadscore.cli;

/** How the command line shortens a message for a person: engine messages can carry whole query plans. */
final class Messages {
  private Messages() {}

  /** The first line of {@code message} ("" for none): what went wrong, without the plan or trace below it. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
