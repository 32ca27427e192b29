import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { migrateToLatest } from '../index.js';
import { DatabaseNotEmptyError, DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from '../seed/demo.js';
import { ScaleDataExistsError, seedScale } from '../seed/scale.js';
import { connectFromEnv, exitOnConfigError } from './connection.js';

const USAGE = `Usage:
  npm run db:seed                                      demo data for an empty database
  npm run db:seed -- --members 1000000 --jobs 100000   benchmark data (can follow the demo seed)

Options for benchmark data:
  --members N               members (users + profiles), default 0
  --jobs N                  job listings, default 0
  --payments-per-member N   yearly paid terms per member, default 5
  --accounts                also create sign-in accounts (password societas-member)
  --batch-size N            members per INSERT statement, default 50000
  --concurrency N           statements at once, default: CPUs (max 4)`;

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return n;
}

function formatDuration(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

let args: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }> }>>['values'];
try {
  args = parseArgs({
    options: {
      members: { type: 'string' },
      jobs: { type: 'string' },
      'payments-per-member': { type: 'string' },
      accounts: { type: 'boolean' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(2);
}

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

let members: number | undefined;
let jobs: number | undefined;
let paymentsPerMember: number | undefined;
let batchSize: number | undefined;
let concurrency: number | undefined;
try {
  members = count('members', args.members as string | undefined);
  jobs = count('jobs', args.jobs as string | undefined);
  paymentsPerMember = count('payments-per-member', args['payments-per-member'] as string | undefined);
  batchSize = count('batch-size', args['batch-size'] as string | undefined);
  concurrency = count('concurrency', args.concurrency as string | undefined);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
const scale = members !== undefined || jobs !== undefined;

const handle = await connectFromEnv({ poolSize: (concurrency ?? 4) + 2 }).catch(exitOnConfigError);
try {
  await migrateToLatest(handle.db);

  if (scale) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          'Seeding [{bar}] {percentage}% | {value}/{total} members+jobs | {label} | {duration_formatted}',
        hideCursor: true,
        noTTYOutput: !process.stdout.isTTY,
        notTTYSchedule: 5000,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let barStarted = false;
    try {
      const summary = await seedScale(handle.db, {
        members: members ?? 0,
        jobs: jobs ?? 0,
        paymentsPerMember,
        withAccounts: Boolean(args.accounts),
        batchSize,
        concurrency,
        onProgress(done, total, label) {
          if (!barStarted) {
            bar.start(total, done, { label });
            barStarted = true;
          } else {
            bar.update(done, { label });
          }
        },
      });
      bar.stop();
      console.log(
        `Seeded ${summary.members.toLocaleString('en')} members, ${summary.payments.toLocaleString('en')} payments, ` +
          `${summary.membershipEvents.toLocaleString('en')} membership events, ${summary.employers.toLocaleString('en')} employers ` +
          `and ${summary.jobs.toLocaleString('en')} jobs in ${formatDuration(Date.now() - started)}.`,
      );
    } catch (error) {
      bar.stop();
      if (error instanceof ScaleDataExistsError) {
        console.error(error.message);
        process.exitCode = 1;
      } else {
        throw error;
      }
    }
  } else if (!(await isDatabaseEmpty(handle.db))) {
    console.log('Database already has data; nothing seeded.');
  } else {
    const started = Date.now();
    try {
      const summary = await seedDemo(handle.db);
      console.log(
        `Seeded demo data in ${formatDuration(Date.now() - started)}: ${summary.members} members in ` +
          `${summary.countries} countries, ${summary.payments} payments, ${summary.committees} committees, ` +
          `${summary.spotlights} spotlights, ${summary.jobs} jobs.`,
      );
      console.log('\nDemo sign-ins:');
      for (const account of Object.values(DEMO_ACCOUNTS)) {
        console.log(`  ${account.email.padEnd(24)} ${account.password.padEnd(18)} ${account.description}`);
      }
      console.log('  Every other member: firstname.lastname.N@example.org / societas-member');
    } catch (error) {
      if (!(error instanceof DatabaseNotEmptyError)) throw error;
      console.log('Database already has data; nothing seeded.');
    }
  }
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
