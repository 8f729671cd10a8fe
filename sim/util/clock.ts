/**
 * Timers in simulated time: a delay of `ms` simulated milliseconds fires after `ms / speed` real
 * ones. Every timer is tracked so that stopping the simulator cancels all of them at once.
 */
export class SimClock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly speed: number) {}

  realDelay(simMs: number): number {
    return Math.max(0, Math.round(simMs / this.speed));
  }

  after(simMs: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.realDelay(simMs));
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** A repeating timer in real milliseconds (background traffic, log follow). */
  everyReal(realMs: number, fn: () => void): () => void {
    if (this.stopped) return () => {};
    const timer = setInterval(fn, realMs);
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
