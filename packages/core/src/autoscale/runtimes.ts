/**
 * Expected run times of jobs, learnt from the jobs that ended (Toil's per-job-name average): a job takes the mean
 * of its name's runs, a name never seen the mean of every run, and before any run ended `FIRST_GUESS_SECONDS`.
 */

/** The run time assumed before any job ended: short, so the first estimate starts few nodes and grows as it learns. */
export const FIRST_GUESS_SECONDS = 1;

/** Floor of a learnt run time, so a job that ended at once still takes some room on a node's time line. */
const MIN_SECONDS = 0.01;

/** Running means of job run times, per job name and overall. */
export class RuntimeEstimates {
  private readonly byName = new Map<string, { total: number; count: number }>();
  private total = 0;
  private count = 0;

  /** A job of this name ran this many seconds. */
  record(name: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const entry = this.byName.get(name) ?? { total: 0, count: 0 };
    entry.total += seconds;
    entry.count++;
    this.byName.set(name, entry);
    this.total += seconds;
    this.count++;
  }

  /** Seconds a job of this name is expected to run. */
  estimate(name: string): number {
    const entry = this.byName.get(name);
    const mean = entry ? entry.total / entry.count : this.count ? this.total / this.count : FIRST_GUESS_SECONDS;
    return Math.max(MIN_SECONDS, mean);
  }
}
