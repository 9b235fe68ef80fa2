import type { ResourceSummary, SyncSummary } from '../adapters/pipeline/sync';

/**
 * Sync progress for people: one line rewritten in place on a terminal, a line per few pages
 * otherwise (CI logs, files), and a summary table per resource at the end.
 */
export class SyncProgress {
  private lastLineAt = 0;
  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } | null = process.stdout) {}

  /** For scheduled syncs: their outcome goes to the log, not the terminal. */
  static silent(): SyncProgress {
    return new SyncProgress(null);
  }

  page(sourceId: string, s: ResourceSummary): void {
    if (!this.out) return;
    const line = `[${sourceId}] ${s.resource.padEnd(22)} ${fmt(s.applied)} applied, ${fmt(s.unchanged)} unchanged, ${fmt(s.deadLetters)} dead letters, ${s.pages} pages${s.retries ? `, ${s.retries} retries` : ''}`;
    if (this.out.isTTY) {
      this.out.write('\r' + line.slice(0, (this.out.columns ?? 120) - 1).padEnd((this.out.columns ?? 120) - 1));
    } else if (Date.now() - this.lastLineAt > 2000) {
      this.lastLineAt = Date.now();
      this.out.write(line + '\n');
    }
  }

  summary(summary: SyncSummary): void {
    if (!this.out) return;
    if (summary.skipped) {
      this.out.write(`source ${summary.sourceId}: skipped, ${summary.skipped}\n`);
      return;
    }
    if (this.out.isTTY) this.out.write('\r'.padEnd((this.out.columns ?? 120) - 1) + '\r');
    const rows = summary.resources.filter((r) => r.pages > 0 || r.deadLetters > 0);
    const total = summary.resources.reduce((t, r) => ({ a: t.a + r.applied, u: t.u + r.unchanged, d: t.d + r.deadLetters, x: t.x + r.retries }), { a: 0, u: 0, d: 0, x: 0 });
    this.out.write(`source ${summary.sourceId}: ${fmt(total.a)} applied, ${fmt(total.u)} unchanged, ${fmt(total.d)} dead letters, ${total.x} retries in ${summary.seconds.toFixed(1)} s\n`);
    for (const r of rows) {
      this.out.write(`  ${r.resource.padEnd(22)} ${fmt(r.applied).padStart(10)} applied ${fmt(r.unchanged).padStart(10)} unchanged ${fmt(r.deadLetters).padStart(7)} dead letters\n`);
    }
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');
