#!/usr/bin/env node
import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type ConfigInputs } from '../core/config';
import { HubError } from '../core/errors';
import { DEMO_SCALE, DEMO_SEED } from './demo';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

/** `hub`: the one command for operators and scripts. Each subcommand lives in cli/commands/. */
const program = new Command('hub')
  .description('union-hub: a GraphQL federation hub for Zhejiang\'s trade unions')
  .option('--config <file>', 'config file (JSON); also HUB_CONFIG')
  .option('--data-dir <dir>', 'where SQLite files and keys live; also HUB_DATA_DIR', undefined)
  .option('--port-base <n>', 'gateway port; subgraphs, ingest and simulators follow it; also HUB_PORT_BASE')
  .showHelpAfterError();

function configInputs(): ConfigInputs {
  const o = program.opts<{ config?: string; dataDir?: string; portBase?: string }>();
  return { configFile: o.config ?? null, dataDir: o.dataDir, portBase: o.portBase };
}

const number = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

program
  .command('start')
  .description('start every service on this machine; without a config, a demo with a synthetic province')
  .option('--demo', 'use the synthetic province even when a config is given')
  .option('--scale <x>', `demo scale (1 = the whole province, 1,948,600 new-employment members)`, number('--scale'), DEMO_SCALE)
  .option('--seed <n>', 'demo generator seed', number('--seed'), DEMO_SEED)
  .option('--no-sync', 'do not pull the sources before announcing the hub ready')
  .action(async (o: { demo?: boolean; scale: number; seed: number; sync: boolean }) => {
    const { startHub } = await import('./commands/start');
    const config = loadConfig(configInputs());
    const hub = await startHub({ config, demo: Boolean(o.demo) || config.configFile === null, scale: o.scale, seed: o.seed, initialSync: o.sync });
    const stop = () => {
      process.stdout.write('\nstopping…\n');
      hub.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('serve <service>')
  .description('run one service (membership, organizations, stations, welfare, gateway, ingest), as docker compose does')
  .action(async (service: string) => {
    const { serveOne } = await import('./commands/serve');
    await serveOne(loadConfig(configInputs()), service);
  });

program
  .command('sync')
  .description('pull every configured source (or one) from its checkpoint until caught up')
  .option('--source <id>', 'only this source')
  .action(async (o: { source?: string }) => {
    const { openRuntime } = await import('./runtime');
    const { syncAll } = await import('./commands/sync');
    const runtime = await openRuntime(loadConfig(configInputs()));
    try {
      await syncAll(runtime, { sourceId: o.source });
    } finally {
      await runtime.close();
    }
  });

program
  .command('monitor')
  .description('passive monitoring: evaluate the grassroots unions, store the verdicts, list the ones to follow up')
  .option('--as-of <date>', 'evaluate as of this date (yyyy-MM-dd); default today in China')
  .option('--city <city>', 'only this city (NINGBO, ningbo or 330200)')
  .option('--json', 'print JSON instead of a table')
  .option('--full', 'evaluate every union even when only some have new events')
  .option('--status <list>', 'statuses to list', 'INACTIVE,AT_RISK')
  .action(async (o: { asOf?: string; city?: string; json?: boolean; full?: boolean; status?: string }) => {
    const { monitor, parseMonitorOptions } = await import('./commands/monitor');
    const options = parseMonitorOptions(o);
    const { openRuntime } = await import('./runtime');
    const runtime = await openRuntime(loadConfig(configInputs()));
    try {
      await monitor(runtime, options);
    } finally {
      await runtime.close();
    }
  });

program
  .command('audit')
  .description('list the disclosure audit log (who saw a full ID number or mobile, when, why), newest first')
  .option('--member <id>', 'only disclosures of this member')
  .option('--subject <name>', 'only disclosures to this token subject')
  .option('--since <iso>', 'only disclosures at or after this date or instant (ISO 8601)')
  .option('--limit <n>', 'at most this many rows (default 50)')
  .option('--json', 'print JSON instead of a table')
  .action(async (o: { member?: string; subject?: string; since?: string; limit?: string; json?: boolean }) => {
    const { audit, parseAuditOptions } = await import('./commands/audit');
    const options = parseAuditOptions(o);
    const { openRuntime } = await import('./runtime');
    const runtime = await openRuntime(loadConfig(configInputs()));
    try {
      await audit(runtime.store, options);
    } finally {
      await runtime.close();
    }
  });

program
  .command('token')
  .description('print a bearer token for this deployment\'s key (HUB_JWT_SECRET, or the demo key in the data directory)')
  .requiredOption('--role <role>', 'PROVINCE_ADMIN, CITY_ADMIN, ANALYST or MONITOR')
  .option('--city <city>', 'the city of a CITY_ADMIN (HANGZHOU, NINGBO, …)')
  .option('--ttl <duration>', 'how long the token is valid: 90s, 15m, 1h, 7d (at most 30d)', '1h')
  .option('--sub <name>', 'who the token is for (its subject, shown in logs and the audit log)', 'hub-token')
  .option('--demo', 'sign with the demo key even when a config is given (as hub start --demo)')
  .action(async (o: { role: string; city?: string; ttl: string; sub: string; demo?: boolean }) => {
    const { printToken } = await import('./commands/token');
    const config = loadConfig(configInputs());
    await printToken(config, { ...o, demo: Boolean(o.demo) || config.configFile === null });
  });

program
  .command('compose')
  .description('compose the four subgraphs into schema/supergraph.graphql')
  .option('--check', 'fail when the committed supergraph is stale instead of writing it')
  .action(async (o: { check?: boolean }) => {
    const { compose } = await import('./commands/compose');
    process.exitCode = compose({ check: Boolean(o.check) });
  });

program
  .command('backup')
  .description('copy the SQLite store to FILE while the hub runs (online backup)')
  .requiredOption('--to <file>', 'where to write the backup')
  .action(async (o: { to: string }) => {
    const { backup } = await import('./commands/backup');
    const r = await backup(loadConfig(configInputs()), o.to);
    process.stdout.write(`backup written to ${r.file} (${r.pages} pages)\n`);
  });

program
  .command('restore')
  .description('replace the SQLite store with a backup (stop the hub first); syncs resume from its checkpoints')
  .requiredOption('--from <file>', 'the backup to restore')
  .action(async (o: { from: string }) => {
    const { restore } = await import('./commands/backup');
    const r = restore(loadConfig(configInputs()), o.from);
    process.stdout.write(`restored into ${r.file}; start the hub to resume syncing from the backup's checkpoints\n`);
  });

program
  .command('simulate')
  .description('generate a synthetic province and serve it through the upstream simulators')
  .option('--scale <x>', 'scale (1 = the whole province)', number('--scale'), DEMO_SCALE)
  .option('--seed <n>', 'generator seed', number('--seed'), DEMO_SEED)
  .action(async (o: { scale: number; seed: number }) => {
    const { simulate } = await import('./commands/simulate');
    await simulate(loadConfig(configInputs()), o);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof HubError) {
    process.stderr.write(`hub: ${e.code}: ${e.message}\n`);
  } else {
    process.stderr.write(`hub: ${(e as Error).stack ?? String(e)}\n`);
  }
  process.exit(1);
});
