package dev.groundup.shard.room;

import dev.groundup.common.protocol.ConnRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A {@link RoomOutbox} that records each push (one call: its targets and line) and publish. */
final class RecordingOutbox implements RoomOutbox {

  /** One {@link #push} call. */
  record Push(List<ConnRef> targets, String room, long tick, String json) {}

  final List<Push> pushes = new ArrayList<>();
  final List<String> published = new ArrayList<>();
  private final Consumer<Push> listener;

  RecordingOutbox(Consumer<Push> listener) {
    this.listener = listener;
  }

  @Override
  public void push(Iterable<ConnRef> targets, String room, long tick, byte[] json) {
    List<ConnRef> to = new ArrayList<>();
    targets.forEach(to::add);
    Push push = new Push(List.copyOf(to), room, tick, new String(json, StandardCharsets.UTF_8));
    pushes.add(push);
    listener.accept(push);
  }

  @Override
  public void publish(String room, byte[] json) {
    published.add(new String(json, StandardCharsets.UTF_8));
  }
}
