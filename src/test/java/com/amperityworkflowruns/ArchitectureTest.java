package com.amperityworkflowruns;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the house readable (issue 19): a Beam-free core under thin Beam
 * transforms, no cycles, the simulator and the benchmark reached only through the launcher, and
 * the options read by the launcher. A rule that must bend names its exceptions below, each with
 * its reason. Main classes only: tests may reach anywhere.
 */
class ArchitectureTest {
  private static final String BASE = "com.amperityworkflowruns";
  private static final String[] CORE = {
    BASE + ".api..", BASE + ".pacing..", BASE + ".fetch..", BASE + ".publish.."
  };
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(BASE);

  /** Classes outside the launcher that read pipeline options, and why each must. */
  private static final Map<String, String> OPTION_READERS =
      Map.of(
          "com.amperityworkflowruns.io.ReadDefaults",
          "RunsApiIO is a library transform: at expand it takes each reader's"
              + " rate share and poll from the runner and worker count of the "
              + "pipeline it is applied to, so that a library user on Dataflow "
              + "cannot get the single-worker defaults",
          "com.amperityworkflowruns.transforms.DeduplicateRuns",
          "a library transform: at expand it picks the de-duplication that "
              + "suits the runner it is applied on (Direct or not)",
          "com.amperityworkflowruns.report.ReportCommand",
          "the report command is an entry point of its own (Main dispatches "
              + "to it), with its own ReportOptions that it turns into settings as "
              + "the launcher does");

  @Test
  void theCore_dependsOnNoBeamClass() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage("org.apache.beam..")
        .because("api, pacing, fetch and publish are plain Java; io and sink adapt them to Beam")
        .check(MAIN);
  }

  /**
   * The same rule on the sources: the compiled classes do not show an import that nothing uses, or
   * one only javadoc names, and such an import would still make the core need Beam to compile.
   */
  @Test
  void theCoreSources_importNoBeamPackage() throws IOException {
    List<String> found = new ArrayList<>();
    for (String pkg : List.of("api", "pacing", "fetch", "publish")) {
      Path dir = Path.of("src/main/java", BASE.replace('.', '/'), pkg);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
          for (String line : Files.readAllLines(f)) {
            if (line.matches("\\s*import\\s+(static\\s+)?org\\.apache\\.beam\\..*")) {
              found.add(dir.getParent().relativize(f) + ": " + line.trim());
            }
          }
        }
      }
    }

    assertThat(found).as("Beam imports in api, pacing, fetch or publish").isEmpty();
  }

  @Test
  void theCore_neverReachesUp() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat(resideInAPackage(BASE + "..").and(DescribedPredicate.not(
            resideInAnyPackage(BASE + ".api..", BASE + ".pacing..", BASE + ".fetch..",
                BASE + ".publish..", BASE + ".model..", BASE + ".gcp.."))))
        .because("a transform uses the core, and the core never reaches back up: it may use"
            + " only the core, the record types (model) and the cloud seams (gcp)")
        .check(MAIN);
    noClasses().that().resideInAPackage(BASE + ".api..")
        .should().dependOnClassesThat().resideInAnyPackage(BASE + ".pacing..", BASE + ".fetch..")
        .because("the client knows nothing of budgets or scheduling")
        .check(MAIN);
    noClasses().that().resideInAPackage(BASE + ".pacing..")
        .should().dependOnClassesThat().resideInAnyPackage(BASE + ".fetch..")
        .because("the budget is told about answers; it does not fetch")
        .check(MAIN);
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void subpackages_areUsedOnlyFromAbove() {
    noClasses().that().resideInAPackage(BASE + ".bigquery")
        .should().dependOnClassesThat().resideInAPackage(BASE + ".bigquery.stream..")
        .because("the stream's barrier uses the batch output's tables and SQL, not the reverse")
        .check(MAIN);
    noClasses().that().resideInAPackage(BASE + ".launcher")
        .should().dependOnClassesThat().resideInAPackage(BASE + ".launcher.commands..")
        .because("check and migrate reuse the launcher's settings; only Main dispatches to them")
        .check(MAIN);
  }

  @Test
  void simulatorAndBench_areReachedOnlyThroughTheLaunchersEmbeddedApi() {
    noClasses()
        .that().resideOutsideOfPackages(BASE + ".simulator..", BASE + ".bench..")
        .and(DescribedPredicate.not(topLevelNamedIn(Map.of(BASE + ".launcher.EmbeddedApi",
            "the launcher's embedded API: --embeddedSimulator starts the simulator"))))
        .should().dependOnClassesThat().resideInAnyPackage(BASE + ".simulator..", BASE + ".bench..")
        .because("the product does not ship its test tenant; only --embeddedSimulator starts it")
        .check(MAIN);
  }

  @Test
  void onlyTheLauncher_readsPipelineOptions() {
    noClasses()
        .that().resideOutsideOfPackages(BASE + ".launcher..")
        .and(DescribedPredicate.not(topLevelNamedIn(OPTION_READERS)))
        .should().callMethodWhere(readsAnOption())
        .because("the launcher turns options into settings; the rest takes settings")
        .check(MAIN);
  }

  /** A call of a getter of a {@link PipelineOptions} interface (ours, Beam's or a runner's). */
  private static DescribedPredicate<JavaMethodCall> readsAnOption() {
    return describe("a getter of PipelineOptions", call ->
        call.getTargetOwner().isAssignableTo(PipelineOptions.class)
            && call.getTarget().getRawParameterTypes().isEmpty()
            && call.getName().matches("(get|is)[A-Z].*"));
  }

  /** A class named in {@code names}, or one nested in it (lambdas and inner classes too). */
  private static DescribedPredicate<JavaClass> topLevelNamedIn(Map<String, String> names) {
    return describe("named in " + names.keySet(), c ->
        names.containsKey(c.getName().replaceFirst("\\$.*", "")));
  }
}
