import { durableAck } from './durableAck.mjs';
import { fanout } from './fanout.mjs';
import { idleDocs } from './idleDocs.mjs';
import { joinStorm } from './joinStorm.mjs';
import { killBurst } from './killBurst.mjs';
import { nodeKill } from './nodeKill.mjs';
import { trace } from './trace.mjs';

/** Every workload, in run and report order. @type {readonly import('./workloadDef.mjs').Workload[]} */
export const allWorkloads = Object.freeze([fanout, idleDocs, trace, joinStorm, durableAck, killBurst, nodeKill]);
