import { GroundTruthBuilder } from './ground-truth';
import type { Plan } from './plan';
import { Rng } from './random';
import type { ProvinceTable, ProvinceWriter, RowByTable } from './store';
import { IdAllocator } from './systems';

export type ProgressListener = (done: number, total: number, phase: string) => void;

/** What every generation phase shares: the plan, the writer, id sequences and the ground truth. */
export class GenerationContext {
  readonly ids = new IdAllocator();
  readonly truth = new GroundTruthBuilder();
  phase = 'organizations';

  constructor(
    readonly plan: Plan,
    private readonly writer: ProvinceWriter,
    private readonly estimatedRows: number,
    private readonly onProgress?: ProgressListener,
  ) {}

  /** A random stream for one entity of one phase, independent of everything generated before it. */
  rng(stream: string, index = 0): Rng {
    return Rng.of(this.plan.seed, stream, index);
  }

  /**
   * Writes one upstream record and counts it for its owning system. True when a batch was just
   * committed: long loops yield to the event loop then, so a server in the same process keeps answering.
   */
  insert<T extends ProvinceTable>(table: T, row: RowByTable[T]): boolean {
    const r = row as RowByTable[ProvinceTable];
    this.truth.record(r.system, table);
    if (table === 'activities' && (row as RowByTable['activities']).kind === 'DUES') this.truth.record(r.system, 'dues');
    const committed = this.writer.insert(table, row);
    if (committed) this.report();
    return committed;
  }

  /** Starts a phase and says so, so a progress bar shows every phase even at tiny scales. */
  enter(phase: string): void {
    this.phase = phase;
    this.report();
  }

  report(): void {
    // The estimate is rough: once done, done and total agree.
    const total = this.phase === 'done' ? this.writer.rowsWritten : Math.max(this.estimatedRows, this.writer.rowsWritten);
    this.onProgress?.(this.writer.rowsWritten, total, this.phase);
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
