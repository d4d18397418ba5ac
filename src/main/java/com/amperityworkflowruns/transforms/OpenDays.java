package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.TypeStats;
import java.util.List;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The days ({@code YYYY-MM-DD}) whose daily statistics count open runs, as a side input for the
 * publish step, which records them so that a later job knows which days may still change. Steps:
 * {@code DaysWithOpenRuns}, {@code DistinctOpenDays}, {@code OpenDaysView}.
 */
public final class OpenDays extends PTransform<PCollection<TypeStats>, PCollectionView<List<String>>> {
  private static final long serialVersionUID = 1L;

  @Override
  public PCollectionView<List<String>> expand(PCollection<TypeStats> dailyStats) {
    return dailyStats
        .apply("DaysWithOpenRuns", ParDo.of(new DaysWithOpenRuns()))
        .apply("DistinctOpenDays", Distinct.create())
        .apply("OpenDaysView", View.asList());
  }

  static final class DaysWithOpenRuns extends DoFn<TypeStats, String> {
    @ProcessElement
    public void process(@Element TypeStats s, OutputReceiver<String> out) {
      if (s.openRuns > 0 && s.createdDate != null) {
        out.output(s.createdDate);
      }
    }
  }
}
