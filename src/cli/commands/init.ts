import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { starterConfig } from '../../config/template.js';
import { WORKSPACE_FOLDERS } from '../../adapters/workspace-files.js';
import { BatonError, invalid } from '../../domain/problem.js';
import { withEngine } from '../context.js';
import type { Wrap } from '../run.js';

export function registerInit(program: Command, wrap: Wrap): void {
  program
    .command('init')
    .description('write a commented baton.config.yaml and the workspace folders in the current folder')
    .option('--org <name>', 'the organisation name to put in the config')
    .action(
      wrap(async (run, opts: { org?: string }) => {
        const file = path.resolve(run.io.cwd, run.globals.config ?? run.io.env.BATON_CONFIG ?? 'baton.config.yaml');
        if (existsSync(file)) {
          throw invalid('baton.config.yaml', `${file} already exists; init changes nothing`, 'edit that file, or run baton init in an empty folder');
        }
        writeFileSync(file, starterConfig(opts.org ? { orgName: opts.org } : {}), { flag: 'wx' });
        await withEngine({ ...run, globals: { ...run.globals, config: file } }, async (engine) => {
          const made = { config: file, workspace: engine.config.root, database: engine.config.database, folders: WORKSPACE_FOLDERS };
          if (run.json) run.outJson(made);
          else {
            run.out(`Wrote ${file}`);
            run.out(`Workspace ${engine.config.root}: ${WORKSPACE_FOLDERS.join(', ')}`);
            run.out(`Database ${engine.config.database}`);
            run.hint('Next: edit the roles in baton.config.yaml, then baton deal add ID --company NAME');
          }
        });
      }),
    );
}
