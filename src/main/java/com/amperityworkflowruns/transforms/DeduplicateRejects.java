package com.amperityworkflowruns.transforms;

import com.amperityworkflowruns.model.Reject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one reject per distinct raw record and day: a malformed record on a repeated page, or on
 * a page read again after a shard restart, is filed once, as a run read twice is kept once.
 */
public final class DeduplicateRejects extends PTransform<PCollection<Reject>, PCollection<Reject>> {
  /** Creates the transform. */
  public DeduplicateRejects() {}

  @Override
  public PCollection<Reject> expand(PCollection<Reject> input) {
    Coder<Reject> coder = input.getCoder();
    return input
        .apply("KeyByDate", WithKeys.of((Reject r) -> r.createdDate).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply("GroupByDate", GroupByKey.create())
        .apply("KeepDistinct", ParDo.of(new KeepDistinctFn()))
        .setCoder(coder);
  }

  static final class KeepDistinctFn extends DoFn<KV<String, Iterable<Reject>>, Reject> {
    @ProcessElement
    public void processElement(@Element KV<String, Iterable<Reject>> day, OutputReceiver<Reject> out) {
      Map<String, Reject> distinct = new LinkedHashMap<>();
      for (Reject r : day.getValue()) {
        distinct.putIfAbsent(r.rawJson, r);
      }
      distinct.values().forEach(out::output);
    }
  }
}
