package com.amperityworkflowruns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.FakeBigQuery;
import com.amperityworkflowruns.gcp.SecretManagerStore;
import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.options.WorkflowRunsOptions;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.state.StateBinder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnInvoker;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream pipeline as the launcher builds it, into Parquet and into BigQuery, on the Direct
 * runner and on another runner: nothing it shuffles or keeps is Java-serialized. Checked: every
 * PCollection's coder with its components, every state cell's coder, and every splittable DoFn's
 * restriction and watermark state coders. Java serialization ties a running job's bytes to the
 * shape of a class, so that after a change an {@code --update}d job could not read its own state.
 */
class StreamCodersTest {
  private static final DatasetRef DATASET = DatasetRef.parse("test-project:stream_coders");

  @TempDir Path tmp;

  private Pipeline built(boolean bigQuery, boolean direct) {
    List<String> args = new ArrayList<>(List.of("--mode=stream", "--tenant=acme",
        "--baseUrl=http://127.0.0.1:1/api", "--followFrom=2024-06-01T00:00:00Z",
        "--stopAt=2024-06-02T00:00:00Z", "--statsWindow=PT1H", "--output=" + tmp.resolve("out")));
    if (bigQuery) {
      args.addAll(List.of("--format=bigquery", "--bigqueryDataset=" + DATASET,
          "--tempLocation=" + tmp));
    }
    PipelineOptionsFactory.register(WorkflowRunsOptions.class);
    WorkflowRunsOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation().as(WorkflowRunsOptions.class);
    StreamSettings s = StreamSettings.resolve(options, Map.of(Credentials.TOKEN_ENV, "token"),
        Clock.systemUTC(), SecretManagerStore.factory(), null);
    Pipeline pipeline = Pipeline.create(options);
    if (!direct) {
      // the steps that choose by runner (DeduplicateRuns) take the path of Dataflow's
      pipeline.getOptions().setRunner(CrashingRunner.class);
    }
    StreamPipeline.build(pipeline, s, FakeBigQuery.backend(), Set.of(), "job-1");
    return pipeline;
  }

  @Test
  void theParquetStream_javaSerializesNothing() {
    assertThat(javaSerialized(built(false, true))).isEmpty();
    assertThat(javaSerialized(built(false, false))).isEmpty();
  }

  @Test
  void theBigQueryStream_javaSerializesNothing() {
    assertThat(javaSerialized(built(true, true))).isEmpty();
    assertThat(javaSerialized(built(true, false))).isEmpty();
  }

  @Test
  void theCheck_findsAJavaSerializedClass_evenInsideAnotherCoder() {
    List<String> found = new ArrayList<>();
    check("a value", KvCoder.of(VarLongCoder.of(), SerializableCoder.of(String.class)), found);
    check("counters", SerializableCoder.of(long[].class), found);
    assertThat(found).containsExactly("a value: SerializableCoder(java.lang.String)");
  }

  /** Where the pipeline keeps or moves a value with Java serialization, one line each. */
  private static List<String> javaSerialized(Pipeline pipeline) {
    List<String> found = new ArrayList<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        PTransform<?, ?> transform = node.getTransform();
        if (transform instanceof ParDo.MultiOutput<?, ?> parDo) {
          checkDoFn(node.getFullName(), parDo.getFn(), pipeline, found);
        }
      }

      @Override
      public void visitValue(PValue value, TransformHierarchy.Node producer) {
        if (value instanceof PCollection<?> c) {
          check(c.getName(), c.getCoder(), found);
        }
      }
    });
    return found;
  }

  private static void checkDoFn(String step, DoFn<?, ?> fn, Pipeline pipeline, List<String> found) {
    DoFnSignature signature = DoFnSignatures.getSignature(fn.getClass());
    for (DoFnSignature.StateDeclaration d : signature.stateDeclarations().values()) {
      try {
        d.field().setAccessible(true);
        StateSpec<?> spec = (StateSpec<?>) d.field().get(fn);
        List<Coder<?>> coders = new ArrayList<>();
        spec.bind(d.id(), capturing(coders));
        if (coders.isEmpty()) {
          found.add(step + " state " + d.id() + ": no coder");
        }
        coders.forEach(c -> check(step + " state " + d.id(), c, found));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(step + " state " + d.id(), e);
      }
    }
    if (signature.processElement().isSplittable()) {
      DoFnInvoker<?, ?> invoker = DoFnInvokers.invokerFor(fn);
      check(step + " restriction", invoker.invokeGetRestrictionCoder(
          pipeline.getCoderRegistry()), found);
      check(step + " watermark state", invoker.invokeGetWatermarkEstimatorStateCoder(
          pipeline.getCoderRegistry()), found);
    }
  }

  private static boolean isPrimitiveArray(Class<?> type) {
    return type.isArray() && type.getComponentType().isPrimitive();
  }

  /** A state binder that only collects the coders it is given. */
  private static StateBinder capturing(List<Coder<?>> coders) {
    return (StateBinder) Proxy.newProxyInstance(StateBinder.class.getClassLoader(),
        new Class<?>[] {StateBinder.class}, (proxy, method, args) -> {
          for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof Coder<?> c) {
              coders.add(c);
            }
          }
          return null;
        });
  }

  /**
   * Adds {@code where} when {@code coder} or a component Java-serializes a class. One use is let
   * through: an array of a primitive type (Beam's {@code GroupIntoBatches} inside {@code
   * BigQueryIO} keeps {@code long[]} counters so), whose serialized form is the JDK's own and does
   * not change with any class of this project or of Beam.
   */
  private static void check(String where, Coder<?> coder, List<String> found) {
    if (coder instanceof SerializableCoder<?> java && !isPrimitiveArray(java.getRecordType())) {
      found.add(where + ": " + coder);
    }
    for (Coder<?> component : coder.getCoderArguments()) {
      check(where, component, found);
    }
  }
}
