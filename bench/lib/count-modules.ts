import { register } from 'node:module';

// `node --import dist-bench/bench/lib/count-modules.js ...`: installs ./load-hooks.js.
register('./load-hooks.js', import.meta.url);
