/** Command-line options of `npm run bench`. */

export const SECTIONS = ['drain', 'lateness', 'idle', 'cli', 'memory', 'board', 'slack', 'import', 'dashboard', 'calendar'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  quick: boolean;
  /** Sections to run; all when not given. */
  only: Set<Section>;
  /** Limit the drain and lateness sections to these sides (for profiling one side). */
  sides: Set<string> | undefined;
  /** Timed rounds per side in the drain section (each round alternates the order). */
  rounds: number;
  /** A PostgreSQL URL of a database the bench may create schemas in (created if missing). */
  pgUrl: string;
  /** Keep the temporary folders and schemas (for a look afterwards). */
  keep: boolean;
  /** Do not write bench/results/*.json (profiling runs). */
  noWrite: boolean;
  /** Run the timed parts under the CPU profiler; profiles go to bench/results/profiles/. */
  profile: boolean;
  /** Peers' settings over their defaults (bench/lib/peers.ts), by peer. */
  peerSettings: Partial<Record<'pgboss' | 'graphile', Record<string, number>>>;
  argv: string[];
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/baton_bench';

const HELP = `npm run bench -- [--quick] [--only drain,lateness,idle,cli,memory,board,slack,import,dashboard,calendar] [--sides a,b] [--rounds N]
                  [--pg-url postgres://...] [--keep] [--no-write] [--profile]
                  [--peer-settings pgboss.batchSize=200,graphile.concurrency=10]

  --quick      small sizes; the whole run takes about a minute
  --only       run only these sections
  --sides      drain: baton-sqlite, raw-sqlite, baton-pg, raw-pg, pgboss, graphile;
               lateness: baton-sqlite, baton-pg, baton-pg-3 (three baton serve processes), pgboss, graphile
               (pgboss: pg-boss 12, graphile: graphile-worker 0.18, under Node 22, installed
               on first use into bench/.cache/peers/)
  --rounds     timed rounds per drain side, alternating the order (default 1 quick, 2 full)
  --pg-url     PostgreSQL database for the bench (default ${DEFAULT_PG_URL}, or BATON_BENCH_PG_URL)
  --keep       keep temporary folders and schemas
  --no-write   print only; do not write bench/results/
  --profile    CPU-profile the timed parts (bench/results/profiles/, summarised on stderr);
               implies --no-write: profiled figures are slower and do not count
  --peer-settings  override a peer's settings (numbers), e.g. pgboss.batchSize=200,pgboss.localConcurrency=1`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {
    quick: false,
    only: new Set(SECTIONS),
    sides: undefined,
    rounds: 0,
    pgUrl: process.env.BATON_BENCH_PG_URL || DEFAULT_PG_URL,
    keep: false,
    noWrite: false,
    profile: false,
    peerSettings: {},
    argv,
  };
  const list = (value: string | undefined, name: string): string[] => {
    if (!value) throw new Error(`${name} needs a value`);
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg?.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--only': {
        const names = list(value(), '--only');
        for (const n of names) if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`--only: unknown section "${n}" (use ${SECTIONS.join(', ')})`);
        args.only = new Set(names as Section[]);
        break;
      }
      case '--sides':
        args.sides = new Set(list(value(), '--sides'));
        break;
      case '--rounds':
        args.rounds = Number(value());
        if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error('--rounds must be a whole number >= 1');
        break;
      case '--pg-url':
        args.pgUrl = value() ?? '';
        break;
      case '--keep':
        args.keep = true;
        break;
      case '--no-write':
        args.noWrite = true;
        break;
      case '--profile':
        args.profile = true;
        args.noWrite = true;
        break;
      case '--peer-settings':
        for (const item of list(value(), '--peer-settings')) {
          const m = /^(pgboss|graphile)\.([A-Za-z]+)=(-?\d+(?:\.\d+)?)$/.exec(item);
          if (!m) throw new Error(`--peer-settings: "${item}" is not pgboss.<name>=<number> or graphile.<name>=<number>`);
          const peer = m[1] as 'pgboss' | 'graphile';
          args.peerSettings[peer] = { ...(args.peerSettings[peer] ?? {}), [m[2] as string]: Number(m[3]) };
        }
        break;
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${HELP}`);
    }
  }
  if (args.rounds === 0) args.rounds = args.quick ? 1 : 2;
  return args;
}
