/**
 * Options every WDL job carries: where task directories go and whether tasks run in containers.
 */

/** Run-wide settings passed from the runner to every job. */
export interface WdlRunOptions {
  /** Directory (absolute) under which tasks get their directories and workflow-level files are written. */
  readonly workRoot: string;
  /** Directory relative input paths and workflow expressions are resolved against. */
  readonly cwd: string;
  /** `auto`: tasks naming an image run in a container through @toil/containers; `none`: on the host. */
  readonly container: 'auto' | 'none';
}
