package com.amperityworkflowruns.publish;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/** What one publish did: the files moved in, the published files removed, the days replaced. */
public final class PublishReport implements Serializable {
  private static final long serialVersionUID = 1L;

  public final String jobId;
  public final LocalDate fromDay;
  public final LocalDate toDay;
  /** Staged files moved into the published layout. */
  public final long filesPublished;
  /** Previously published files removed (replaced by new ones or stale). */
  public final long filesDeleted;
  /**
   * The number of days replaced, each whether or not it had data: {@code [fromDay, toDay)} and
   * the days refreshed outside it ({@link #daysRefreshed}).
   */
  public final long daysReplaced;
  /** Days outside {@code [fromDay, toDay)} replaced because runs created on them ended since. */
  public final long daysRefreshed;
  /**
   * Set when the journal could not be completed (staged files gone) and was moved aside: one line
   * naming the days left inconsistent and the command that repairs them; else null.
   */
  public final String warning;

  PublishReport(String jobId, LocalDate fromDay, LocalDate toDay, long filesPublished,
      long filesDeleted) {
    this(jobId, fromDay, toDay, filesPublished, filesDeleted, null);
  }

  PublishReport(String jobId, LocalDate fromDay, LocalDate toDay, long filesPublished,
      long filesDeleted, String warning) {
    this(jobId, fromDay, toDay, 0, filesPublished, filesDeleted, warning);
  }

  PublishReport(String jobId, LocalDate fromDay, LocalDate toDay, long daysRefreshed,
      long filesPublished, long filesDeleted, String warning) {
    this.warning = warning;
    this.daysRefreshed = daysRefreshed;
    this.jobId = jobId;
    this.fromDay = fromDay;
    this.toDay = toDay;
    this.filesPublished = filesPublished;
    this.filesDeleted = filesDeleted;
    this.daysReplaced = fromDay.until(toDay, java.time.temporal.ChronoUnit.DAYS) + daysRefreshed;
  }

  static PublishReport of(PublishJournal journal) {
    return of(journal, null);
  }

  static PublishReport of(PublishJournal journal, String warning) {
    return new PublishReport(journal.jobId, journal.fromDay, journal.toDay,
        journal.days.extra().size(), journal.moves(), journal.deletes(), warning);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PublishReport)) {
      return false;
    }
    PublishReport r = (PublishReport) o;
    return jobId.equals(r.jobId) && fromDay.equals(r.fromDay) && toDay.equals(r.toDay)
        && filesPublished == r.filesPublished && filesDeleted == r.filesDeleted;
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, fromDay, toDay, filesPublished, filesDeleted);
  }

  @Override
  public String toString() {
    return "PublishReport{job " + jobId + ", days [" + fromDay + ", " + toDay + ") = "
        + daysReplaced + (daysRefreshed > 0 ? " (" + daysRefreshed + " refreshed)" : "")
        + ", published " + filesPublished + ", deleted " + filesDeleted + "}";
  }
}
