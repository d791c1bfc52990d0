/**
 * A task that runs one at a time: a call while it runs shares that run's promise and asks for one more run
 * after it, since whatever changed meanwhile may have come too late for the running one. Used to reload the
 * live mirror (live-mirror.ts) and to evaluate the watches (src/watches/watch-evaluator.ts) after changes.
 */
export class RerunAfter<T> {
  private current: Promise<T> | undefined;
  private again = false;

  constructor(private readonly task: () => Promise<T>) {}

  /** Runs the task now, or once more after the run under way (whose promise is returned). */
  run(): Promise<T> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.task().finally(() => {
      this.current = undefined;
      if (this.again) {
        this.again = false;
        void this.run();
      }
    });
    return this.current;
  }

  /** The run under way, if any. */
  get running(): Promise<T> | undefined {
    return this.current;
  }
}
