import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateActivities } from './activities';
import { GenerationContext, type ProgressListener } from './context';
import type { GroundTruth } from './ground-truth';
import { generateMembers } from './members';
import { generateOrganizations } from './organizations';
import {
  GENERATOR_VERSION, LIVELY_DUES_MONTH_AGE_DAYS, QUIET_LAST_EVENT_MIN_AGE_DAYS, QUIET_RULE_DAYS, makePlan, type Plan,
} from './plan';
import { generateStations } from './stations';
import { createProvinceFile, readProvinceMeta, ProvinceWriter } from './store';

export type { GroundTruth } from './ground-truth';
export { DEFAULT_SCALE, DEFAULT_SEED } from './plan';

export const DATA_FILE = 'province.sqlite';
export const GROUND_TRUTH_FILE = 'ground-truth.json';

export interface GenerateProvinceOptions {
  /** 1 ≈ the real province (150,000 grassroots unions, 1,948,600 new-employment members); the demo uses 0.01. */
  scale: number;
  seed: number;
  outDir: string;
  onProgress?: ProgressListener;
}

/**
 * Writes `<outDir>/province.sqlite` and `<outDir>/ground-truth.json` for this scale and seed, or
 * reuses them when they were made by this generator version with the same scale and seed.
 * Both files appear atomically (written beside, then renamed), so a run that dies leaves nothing
 * that would be taken for finished data.
 */
export async function generateProvince(options: GenerateProvinceOptions): Promise<GroundTruth> {
  const plan = makePlan(options.scale, options.seed);
  mkdirSync(options.outDir, { recursive: true });
  const dataFile = join(options.outDir, DATA_FILE);
  const truthFile = join(options.outDir, GROUND_TRUTH_FILE);
  const reused = reusable(dataFile, truthFile, plan);
  if (reused) {
    options.onProgress?.(1, 1, 'reused');
    return reused;
  }

  const partialData = `${dataFile}.partial`;
  rmSync(partialData, { force: true });
  const db = createProvinceFile(partialData);
  const writer = new ProvinceWriter(db);
  const ctx = new GenerationContext(plan, writer, estimatedRows(plan), options.onProgress);
  try {
    ctx.enter('organizations');
    const orgs = generateOrganizations(ctx);
    ctx.enter('stations');
    generateStations(ctx, orgs);
    ctx.enter('members');
    await generateMembers(ctx, orgs);
    ctx.enter('activities');
    await generateActivities(ctx, orgs);
    ctx.enter('indexes');
    writer.finish(metaOf(plan));
  } catch (e) {
    db.close();
    rmSync(partialData, { force: true });
    throw e;
  }
  db.close();

  const truth = ctx.truth.build({
    generatorVersion: GENERATOR_VERSION,
    scale: plan.scale,
    seed: plan.seed,
    asOf: plan.asOf,
    monitoring: {
      quietRuleDays: QUIET_RULE_DAYS,
      quietUnionsSilentForAtLeastDays: QUIET_LAST_EVENT_MIN_AGE_DAYS,
      otherUnionsPaidDuesWithinDays: LIVELY_DUES_MONTH_AGE_DAYS + 31,
    },
  });
  rmSync(truthFile, { force: true });
  renameSync(partialData, dataFile);
  writeFileSync(`${truthFile}.partial`, JSON.stringify(truth, null, 1) + '\n');
  renameSync(`${truthFile}.partial`, truthFile);
  ctx.enter('done');
  return truth;
}

function metaOf(plan: Plan): Record<string, string> {
  return {
    generatorVersion: String(GENERATOR_VERSION),
    scale: String(plan.scale),
    seed: String(plan.seed),
    asOf: plan.asOf,
  };
}

function reusable(dataFile: string, truthFile: string, plan: Plan): GroundTruth | null {
  if (!existsSync(dataFile) || !existsSync(truthFile)) return null;
  const meta = readProvinceMeta(dataFile);
  const expected = metaOf(plan);
  // A simulator's mutate() marks the file: changed data is not what this seed and scale generate.
  if (!meta || meta.mutated || Object.entries(expected).some(([k, v]) => meta[k] !== v)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(truthFile, 'utf8'));
    if (!parsed || typeof parsed !== 'object') return null;
    const t = parsed as Partial<GroundTruth>;
    const same = t.generatorVersion === GENERATOR_VERSION && t.scale === plan.scale && t.seed === plan.seed && t.asOf === plan.asOf;
    return same && t.province && t.cities ? (parsed as GroundTruth) : null;
  } catch {
    return null;
  }
}

/** For progress: roughly how many rows this plan writes. */
function estimatedRows(plan: Plan): number {
  const grassroots = Math.max(270, plan.grassrootsBesidesPlatform) + 205;
  return Math.round(grassroots * 28 + plan.otherEnterprises + 232 + 3000 + plan.persons * 1.02 + 1500 * plan.scale + 102);
}
