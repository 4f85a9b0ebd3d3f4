import type { BenchContext } from '../lib/context.js';

export async function dashboardSection(_ctx: BenchContext): Promise<void> {}
