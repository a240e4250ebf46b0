package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A room as stored in {@code groundup.rooms} after a tick: its shard, its tick, its coins and its
 * members with their positions, scores, steps and connections, and the epoch of the shard owner
 * that wrote it. Written once per tick that changed something; the stored tick is the only tick
 * players ever see, so ticks never go back when another shard resumes the room.
 */
public final class StoredRoom extends Fenced {

  private String room;
  private String game;
  private int shard;
  private long tick;
  private byte[] snapshot = new byte[0];
  private List<StoredMember> members = List.of();

  public StoredRoom() {}

  public StoredRoom(
      String room,
      String game,
      int shard,
      long epoch,
      long tick,
      byte[] snapshot,
      List<StoredMember> members) {
    super(epoch);
    this.room = room;
    this.game = game;
    this.shard = shard;
    this.tick = tick;
    this.snapshot = snapshot;
    this.members = List.copyOf(members);
  }

  public String room() {
    return room;
  }

  /** The virtual shard that runs the room; the attribute {@code shard} is indexed for takeover. */
  public int getShard() {
    return shard;
  }

  public long tick() {
    return tick;
  }

  /** The id of the room's game. */
  public String game() {
    return game;
  }

  /** The game's snapshot of the room (not copied: treat it as read-only). */
  public byte[] snapshot() {
    return snapshot;
  }

  public List<StoredMember> members() {
    return members;
  }

  @Override
  Fenced withEpoch(long epoch) {
    return new StoredRoom(room, game, shard, epoch, tick, snapshot, members);
  }

  @Override
  public int getClassId() {
    return StoreData.ROOM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    super.writeData(out);
    out.writeString(room);
    out.writeString(game);
    out.writeInt(shard);
    out.writeLong(tick);
    out.writeByteArray(snapshot);
    out.writeInt(members.size());
    for (StoredMember m : members) {
      out.writeString(m.name());
      out.writeLong(m.score());
      StoreData.writeConn(out, m.conn());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    super.readData(in);
    room = in.readString();
    game = in.readString();
    shard = in.readInt();
    tick = in.readLong();
    snapshot = in.readByteArray();
    int m = in.readInt();
    List<StoredMember> ms = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      ms.add(new StoredMember(in.readString(), in.readLong(), StoreData.readConn(in)));
    }
    members = List.copyOf(ms);
  }

  @Override
  public String toString() {
    return "StoredRoom["
        + room
        + " shard "
        + shard
        + " tick "
        + tick
        + " epoch "
        + getEpoch()
        + ", "
        + members.size()
        + " members]";
  }
}
