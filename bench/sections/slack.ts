import type { BenchContext } from '../lib/context.js';

export async function slackSection(_ctx: BenchContext): Promise<void> {}
