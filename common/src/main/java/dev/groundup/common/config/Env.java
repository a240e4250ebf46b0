package dev.groundup.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reading of environment variables with defaults and range checks. Every variable a node
 * reads goes through here, so every one is named in {@link #NAMES} for documentation and checks.
 */
public final class Env {

  private final Map<String, String> env;

  public Env(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public String string(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public int integer(String name, int fallback, int min, int max) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw new ConfigException(name + "=" + raw + " is out of range [" + min + ", " + max + "]");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "=" + raw + " is not an integer");
    }
  }

  public boolean bool(String name, boolean fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(name + "=" + raw + " is not a boolean");
    };
  }

  public List<String> list(String name, String fallback) {
    return Arrays.stream(string(name, fallback).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  public <T> T parsed(String name, String fallback, Function<String, T> parser) {
    String raw = string(name, fallback);
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + "=" + raw + ": " + e.getMessage());
    }
  }
}
