package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.groundup.common.protocol.Cell;
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
  private int shard;
  private long tick;
  private List<Cell> coins = List.of();
  private List<StoredMember> members = List.of();

  public StoredRoom() {}

  public StoredRoom(
      String room, int shard, long epoch, long tick, List<Cell> coins, List<StoredMember> members) {
    super(epoch);
    this.room = room;
    this.shard = shard;
    this.tick = tick;
    this.coins = List.copyOf(coins);
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

  public List<Cell> coins() {
    return coins;
  }

  public List<StoredMember> members() {
    return members;
  }

  @Override
  Fenced withEpoch(long epoch) {
    return new StoredRoom(room, shard, epoch, tick, coins, members);
  }

  @Override
  public int getClassId() {
    return StoreData.ROOM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    super.writeData(out);
    out.writeString(room);
    out.writeInt(shard);
    out.writeLong(tick);
    out.writeInt(coins.size());
    for (Cell c : coins) {
      out.writeInt(c.x());
      out.writeInt(c.y());
    }
    out.writeInt(members.size());
    for (StoredMember m : members) {
      out.writeString(m.name());
      out.writeInt(m.x());
      out.writeInt(m.y());
      out.writeLong(m.score());
      out.writeLong(m.steps());
      StoreData.writeConn(out, m.conn());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    super.readData(in);
    room = in.readString();
    shard = in.readInt();
    tick = in.readLong();
    int n = in.readInt();
    List<Cell> c = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      c.add(new Cell(in.readInt(), in.readInt()));
    }
    coins = List.copyOf(c);
    int m = in.readInt();
    List<StoredMember> ms = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      ms.add(
          new StoredMember(
              in.readString(),
              in.readInt(),
              in.readInt(),
              in.readLong(),
              in.readLong(),
              StoreData.readConn(in)));
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
