/**
 * Emulated time. Runs `timeScale` times faster than the wall clock (60 = a minute per second) and
 * can be advanced by hand, so demos move quickly and tests need not sleep.
 */
export class EmulatedClock {
  private offsetMs = 0;
  private readonly startReal = Date.now();

  constructor(
    private readonly startMs: number,
    private readonly timeScale = 1,
  ) {}

  now(): number {
    return (
      this.startMs +
      (Date.now() - this.startReal) * this.timeScale +
      this.offsetMs
    );
  }

  advance(ms: number): void {
    if (!(ms >= 0)) {
      throw new Error('time only moves forward');
    }
    this.offsetMs += ms;
  }

  get scale(): number {
    return this.timeScale;
  }
}

/** A minute, in the milliseconds the clock counts. */
export const MINUTE = 60_000;
