package com.amperityworkflowruns.publish;

import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

/** The one line reporting a journal that could not be completed, with its repair command. */
final class StuckJournal {
  private StuckJournal() {}

  static String warning(PublishJournal journal, Set<LocalDate> days, String movedTo) {
    LocalDate first = days.iterator().next();
    LocalDate last = first;
    for (LocalDate d : days) {
      last = d;
    }
    String args = journal.rerunArgs.isBlank()
        ? "--output=" + journal.layout.root()
        : journal.rerunArgs;
    String note = journal.rerunArgs.isBlank()
        ? " (with the job's --tenant, filters and credentials options)"
        : " (with your credentials options)";
    return "warning: the publish of job " + journal.jobId + " could not be completed (staged files"
        + " are gone), so day(s) " + days.stream().map(LocalDate::toString)
            .collect(Collectors.joining(", "))
        + " of " + journal.layout.root() + " may be missing runs; its journal was moved to "
        + movedTo + " and other jobs proceed. Repair: java -jar amperity-workflow-runs.jar "
        + args + " --createdFrom=" + first + " --createdTo=" + last.plusDays(1) + note;
  }
}
