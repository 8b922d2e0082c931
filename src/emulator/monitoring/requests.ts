// What really happened on the data plane: every request the emulator answered on a revision's behalf,
// kept so that the Monitoring API can serve Cloud Run's request metrics from it.

export interface RequestRecord {
  /** When the request arrived, in milliseconds on the emulator's clock. */
  time: number;
  project: string;
  location: string;
  service: string;
  /** The revision id (the last segment of its name). */
  revision: string;
  /** The HTTP status the caller received. */
  code: number;
  /** Milliseconds from arrival to the end of the answer, measured. */
  latencyMs: number;
}

/** At most this many records are kept; the oldest tenth goes when the log is full. */
export const MAX_RECORDS = 1_000_000;

export class RequestLog {
  readonly records: RequestRecord[] = [];
  /** Requests seen per revision name, for the catalog's deterministic `errorRatio` sequence. */
  private readonly seen = new Map<string, number>();

  record(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, MAX_RECORDS / 10);
  }

  /**
   * Whether the next request of this revision is one that `errorRatio` makes fail: request n (from 1)
   * fails when floor(n·ratio) grows. In integer parts per million, so that 0.04 gives exactly 20 of 500.
   */
  nextFails(revisionName: string, ratio: number): boolean {
    const n = (this.seen.get(revisionName) ?? 0) + 1;
    this.seen.set(revisionName, n);
    const ppm = Math.round(ratio * 1_000_000);
    return Math.floor((n * ppm) / 1_000_000) > Math.floor(((n - 1) * ppm) / 1_000_000);
  }

  clear(): void {
    this.records.length = 0;
    this.seen.clear();
  }
}
