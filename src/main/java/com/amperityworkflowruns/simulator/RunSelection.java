package com.amperityworkflowruns.simulator;

/**
 * The runs one query selects at one instant, in the served order (created_at descending): a
 * contiguous index range when only the created window filters, else an explicit index list.
 */
final class RunSelection {
  private final int lo;
  private final int hi;
  private final int[] indices;

  private RunSelection(int lo, int hi, int[] indices) {
    this.lo = lo;
    this.hi = hi;
    this.indices = indices;
  }

  static RunSelection of(SyntheticTenant tenant, RunsQuery q, long now) {
    int lo = q.createdFrom == null ? 0 : tenant.lowerBound(q.createdFrom);
    int hi = Math.max(lo, tenant.visibleEnd(q.createdTo, now));
    if (!q.filtersBeyondCreated()) {
      return new RunSelection(lo, hi, null);
    }
    int[] picked = new int[hi - lo];
    int n = 0;
    for (int i = hi - 1; i >= lo; i--) {
      if (matches(tenant, q, i, now)) {
        picked[n++] = i;
      }
    }
    return new RunSelection(0, n, picked);
  }

  private static boolean matches(SyntheticTenant t, RunsQuery q, int i, long now) {
    if (q.type != null && !q.type.equals(t.typeOf(i))) {
      return false;
    }
    if (q.state != null && !q.state.equals(t.normalizedStateAt(i, now))) {
      return false;
    }
    if (q.endedFrom != null || q.endedTo != null) {
      long ended = t.endedAt(i, now);
      if (ended == Long.MAX_VALUE || ended > now - t.config().endedVisibilityLagMillis()) {
        return false; // open, or ended too recently for the ended_* index to show it
      }
      if (q.endedFrom != null && ended < q.endedFrom) {
        return false;
      }
      if (q.endedTo != null && ended >= q.endedTo) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return hi - lo;
  }

  /** The tenant index of the k-th run in served order. */
  int get(int k) {
    return indices == null ? hi - 1 - k : indices[k];
  }
}
