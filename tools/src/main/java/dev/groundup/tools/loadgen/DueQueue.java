package dev.groundup.tools.loadgen;

import java.util.Arrays;

/**
 * A binary min-heap of (due time, slot) pairs in two primitive arrays: what the ticker of an event
 * loop asks every millisecond for "who is due now", in O(log n) per send and without an object per
 * entry. Ties leave in any order. Single-threaded.
 */
final class DueQueue {

  private long[] due;
  private int[] slot;
  private int size;

  DueQueue(int capacity) {
    due = new long[Math.max(4, capacity)];
    slot = new int[due.length];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(long dueNanos, int s) {
    if (size == due.length) {
      due = Arrays.copyOf(due, size * 2);
      slot = Arrays.copyOf(slot, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (due[parent] <= dueNanos) {
        break;
      }
      due[i] = due[parent];
      slot[i] = slot[parent];
      i = parent;
    }
    due[i] = dueNanos;
    slot[i] = s;
  }

  /** The earliest due time; only when not empty. */
  long peekDue() {
    return due[0];
  }

  /** Removes the earliest entry and returns its slot; only when not empty. */
  int poll() {
    int top = slot[0];
    size--;
    if (size > 0) {
      long d = due[size];
      int s = slot[size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && due[child + 1] < due[child]) {
          child++;
        }
        if (due[child] >= d) {
          break;
        }
        due[i] = due[child];
        slot[i] = slot[child];
        i = child;
      }
      due[i] = d;
      slot[i] = s;
    }
    return top;
  }

  void clear() {
    size = 0;
  }
}
