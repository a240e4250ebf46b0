package dev.groundup.game;

import java.util.Locale;
import java.util.Map;

/**
 * A node's settings as a game reads them: its environment ({@code GROUNDUP_*} variables), with
 * defaults and range checks. A bad value throws {@link IllegalArgumentException} naming the
 * variable, and the node refuses to start.
 */
public final class Settings {

  private final Map<String, String> values;

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The value of {@code name}, trimmed, or {@code fallback} when it is unset or blank. */
  public String text(String name, String fallback) {
    String value = values.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** An integer from {@code min} to {@code max}, or {@code fallback} when unset. */
  public int integer(String name, int fallback, int min, int max) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + "=" + raw + " is out of range [" + min + ", " + max + "]");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + raw + " is not an integer");
    }
  }

  /**
   * {@code true}/{@code false} (also {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code on}/{@code
   * off}).
   */
  public boolean bool(String name, boolean fallback) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException(name + "=" + raw + " is not a boolean");
    };
  }
}
