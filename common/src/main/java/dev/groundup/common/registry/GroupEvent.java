package dev.groundup.common.registry;

/** A change of a monitored process group: a membership came or went. */
public record GroupEvent(String group, Kind kind, GroupMember member) {

  /** What happened. */
  public enum Kind {
    JOINED,
    LEFT
  }
}
