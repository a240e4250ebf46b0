package dev.groundup.common.store;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.groundup.common.protocol.Score;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The best {@code n} scores of the stored players and rooms, computed where the data is: each
 * member keeps the best {@code n} of its own entries (a player's record, or every member of a
 * room), and the partial results are combined. A player listed twice (its record and its live room
 * state) counts with the higher score: scores only grow.
 */
public final class TopScores
    implements Aggregator<Map.Entry<String, Fenced>, List<Score>>, IdentifiedDataSerializable {

  private int n;
  private Map<String, Long> best = new HashMap<>();

  public TopScores() {}

  public TopScores(int n) {
    this.n = n;
  }

  @Override
  public void accumulate(Map.Entry<String, Fenced> entry) {
    switch (entry.getValue()) {
      case StoredPlayer p -> offer(p.record().name(), p.record().score());
      case StoredRoom r -> r.members().forEach(m -> offer(m.name(), m.score()));
      default -> {}
    }
  }

  private void offer(String name, long score) {
    best.merge(name, score, Math::max);
  }

  @Override
  public void combine(Aggregator aggregator) {
    ((TopScores) aggregator).best.forEach(this::offer);
  }

  @Override
  public void onAccumulationFinished() {
    trim();
  }

  @Override
  public List<Score> aggregate() {
    List<Score> all = new ArrayList<>(best.size());
    best.forEach((name, score) -> all.add(new Score(name, score)));
    all.sort(Score.RANKING);
    return all.size() > n ? List.copyOf(all.subList(0, n)) : all;
  }

  /** Keeps only what can still be in the best {@code n}. */
  private void trim() {
    if (best.size() > n) {
      Map<String, Long> kept = new HashMap<>();
      aggregate().forEach(s -> kept.put(s.name(), s.score()));
      best = kept;
    }
  }

  @Override
  public int getFactoryId() {
    return StoreData.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StoreData.TOP;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(n);
    out.writeInt(best.size());
    for (Map.Entry<String, Long> e : best.entrySet()) {
      out.writeString(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    n = in.readInt();
    int size = in.readInt();
    best = new HashMap<>(size);
    for (int i = 0; i < size; i++) {
      best.put(in.readString(), in.readLong());
    }
  }
}
