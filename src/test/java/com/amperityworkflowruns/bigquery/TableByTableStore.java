package com.amperityworkflowruns.bigquery;

import com.amperityworkflowruns.model.Days;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A deliberately non-atomic {@link TableStore}: a replacement of several tables runs as one
 * replacement per table, {@code between} running after each. The contract's atomicity case must
 * fail against it, which shows that the case can fail.
 */
final class TableByTableStore extends ForwardingTableStore {
  private final Runnable between;

  TableByTableStore(TableStore real, Runnable between) {
    super(real);
    this.between = between;
  }

  @Override
  public void replaceDays(List<Replacement> replacements, Days days, String tenant,
      @Nullable MarkUpdate mark) throws TableStoreException {
    for (Replacement r : replacements) {
      real.replaceDays(List.of(r), days, tenant, mark);
      between.run();
    }
  }
}
