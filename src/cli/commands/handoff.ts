import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { packetDraft } from '../../app/index.js';
import { BatonError, invalid } from '../../domain/problem.js';
import { loadDeal } from '../../store/index.js';
import { act, printActed } from '../act.js';
import { withEngine, type Run } from '../context.js';
import type { Wrap } from '../run.js';

async function readPacket(run: Run, source: string): Promise<string> {
  if (source === '-') return run.io.readStdin();
  try {
    return readFileSync(path.resolve(run.io.cwd, source), 'utf8');
  } catch {
    throw invalid('file', `cannot read "${source}"`, 'pass the path of the packet file, or - to read it from standard input');
  }
}

export function registerHandoffCommands(program: Command, wrap: Wrap): void {
  const packet = program.command('packet').description('the Handoff Packet: draft it, file it');

  packet
    .command('draft <id>')
    .description('print the packet pre-filled from the board; fill in every {...} and file it')
    .action(
      wrap(async (run, id: string) => {
        await withEngine(run, async (engine) => {
          const loaded = await loadDeal(engine.store.db, id);
          if (!loaded) throw invalid('deal', `no deal with id "${id}"`, `add it first with: baton deal add ${id} --company NAME`);
          // Under the handoff's own policy (its price), as filing checks it.
          const text = await packetDraft(engine, id);
          if (run.json) run.outJson({ id, text });
          else run.io.stdout(text);
        });
      }),
    );

  packet
    .command('file <id> <file>')
    .description('validate and file the packet (a path, or - for stdin); prints the packet path')
    .action(
      wrap(async (run, id: string, source: string) => {
        const text = await readPacket(run, source);
        const acted = await act(run, id, { type: 'packet.file', text });
        const packetPath = acted.state?.handoff?.packetPath;
        if (run.json) printActed(run, acted, { path: packetPath, revision: acted.state?.handoff?.packet?.revision });
        else {
          run.out(packetPath ?? '');
          run.hint(acted.events.length > 0 ? `Filed revision ${acted.state?.handoff?.packet?.revision}.` : 'Unchanged: this packet is already filed.');
        }
      }),
    );

  program
    .command('ack <id>')
    .description('customer.success acknowledges the packet (signs Acknowledged by) and the delivery item is created')
    .action(wrap(async (run, id: string) => printActed(run, await act(run, id, { type: 'ack' }))));

  const sow = program.command('sow').description('the SOW after a verbal commitment');
  sow
    .command('sent <id>')
    .description('the CRO sent the SOW template')
    .action(wrap(async (run, id: string) => printActed(run, await act(run, id, { type: 'sow.sent' }))));
  sow
    .command('signed <id>')
    .description('the SOW is signed; the Assessment™ clock starts now')
    .action(wrap(async (run, id: string) => printActed(run, await act(run, id, { type: 'sow.signed' }))));

  const delivery = program.command('delivery').description('the Assessment™ delivery');
  delivery
    .command('start <id>')
    .description('start delivery; refused unless acknowledged, SOW signed and customer.success live')
    .action(wrap(async (run, id: string) => printActed(run, await act(run, id, { type: 'delivery.start' }))));
  delivery
    .command('done <id>')
    .description('record the Assessment™ delivered')
    .action(wrap(async (run, id: string) => printActed(run, await act(run, id, { type: 'delivery.done' }))));
}
