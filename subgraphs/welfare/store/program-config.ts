import { readFileSync } from 'node:fs';
import { ConfigError, InputError } from '../../../core/errors';
import type { Store } from '../../../core/store/database';
import { checkProgramId, checkProgramInput } from './program-input';
import { putProgram } from './program-writes';
import type { ProgramValue } from './programs';

/**
 * Programs from the hub's config file, the `welfare.programs` section:
 *
 * ```json
 * {"welfare": {"programs": [
 *   {"id": "wp-2025-checkup-hz", "name": "杭州市新就业形态劳动者体检", "kind": "HEALTH_CHECKUP", "year": 2025,
 *    "funder": "杭州市总工会", "budgetYuan": 1000000, "places": 2000, "standardYuanPerPerson": 500,
 *    "organizerLevel": "CITY", "organizerDivision": "330100",
 *    "eligibility": {"audience": "新就业形态劳动者", "anyOf": ["NEW_EMPLOYMENT_FORM"]}}
 * ]}}
 * ```
 *
 * Each entry is put as written at every start: created if its id is new, otherwise changed to
 * exactly the entry (omitted figures become unknown). Programs the file does not name are left
 * alone. Every entry's fields are checked before anything is written, so a mistake stops the start
 * with the key named (`welfare.programs[1].places: …`) and changes nothing; a change the store
 * refuses (fewer places than are taken) stops at that entry, after the ones before it.
 */
export const CONFIG_KEY = 'welfare.programs';

type RawEntry = Record<string, unknown>;

/** The checked entries of a parsed config file (the whole JSON object); [] when it has no welfare section. */
export function welfareProgramsOfConfig(config: Record<string, unknown>, now: Date): RawEntry[] {
  const section = config.welfare;
  if (section === undefined) return [];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) throw new ConfigError('welfare', 'expected an object with a programs array');
  const programs = (section as Record<string, unknown>).programs;
  if (programs === undefined) return [];
  if (!Array.isArray(programs)) throw new ConfigError(CONFIG_KEY, 'expected an array of programs');
  const seen = new Set<string>();
  return programs.map((entry: unknown, i) => {
    const prefix = `${CONFIG_KEY}[${i}].`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ConfigError(`${CONFIG_KEY}[${i}]`, 'expected a program object');
    const raw = entry as RawEntry;
    asConfigError(() => {
      const id = checkProgramId(raw.id, `${prefix}id`);
      if (seen.has(id)) throw new InputError(`${prefix}id`, 'DUPLICATE', `duplicate program id "${id}"`);
      seen.add(id);
      checkProgramInput(raw, prefix, now);
    });
    return raw;
  });
}

/** Puts every program of the config file's welfare section; returns them as stored. */
export async function applyWelfareConfig(store: Store, config: Record<string, unknown>, now: Date = new Date()): Promise<ProgramValue[]> {
  const entries = welfareProgramsOfConfig(config, now);
  const out: ProgramValue[] = [];
  for (const [i, raw] of entries.entries()) {
    out.push(await asConfigErrorAsync(() => putProgram(store, raw, `${CONFIG_KEY}[${i}].`, { by: 'config', now })));
  }
  return out;
}

/** Reads the config file (JSON) and applies its welfare section; nothing to do without a file. */
export async function applyWelfareConfigFile(store: Store, configFile: string | null, now: Date = new Date()): Promise<ProgramValue[]> {
  if (!configFile) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (e) {
    throw new ConfigError('config', `cannot read the welfare section of ${configFile}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('config', `config file ${configFile} must hold a JSON object`);
  return applyWelfareConfig(store, parsed as Record<string, unknown>, now);
}

/** An InputError's field is the config key already: say it the way config errors are said. */
function toConfigError(e: unknown): unknown {
  if (!(e instanceof InputError)) return e;
  return new ConfigError(e.field, e.message.startsWith(`${e.field} `) ? e.message.slice(e.field.length + 1) : e.message);
}

function asConfigError<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    throw toConfigError(e);
  }
}

async function asConfigErrorAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toConfigError(e);
  }
}
