/**
 * Spaces calls per key (a Slack channel) at least `intervalMs` apart. Real time, not the
 * handoff's time: it paces HTTP calls, so it uses the process clock it is given.
 */
export class Pacer {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async wait(key: string): Promise<void> {
    const previous = this.last.get(key);
    const now = this.clock();
    const ready = previous === undefined ? now : previous + this.intervalMs;
    if (ready > now) await this.sleep(ready - now);
    this.last.set(key, Math.max(now, ready));
  }
}
