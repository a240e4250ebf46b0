package dev.groundup.common.config;

/** A configuration value is missing or wrong; the node logs it and exits with status 1. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
