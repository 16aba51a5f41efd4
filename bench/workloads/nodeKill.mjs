import { reconnectsOf } from '../clients/reconnectsOf.mjs';
import { percentiles } from '../metrics/percentiles.mjs';
import { runNodeKillTrial } from './nodeKillTrial.mjs';

/**
 * kill -9 of one node of a cluster under a burst, `trials` times on one cluster (the killed node is
 * started again after each trial, the next trial kills the next node). In each trial every node has
 * `writersPerNode` writers, each appending a word every `editIntervalMs`; after `beforeKillMs` one
 * node gets SIGKILL, its writers reconnect at once to the other nodes (what a load balancer does),
 * typing goes on for `afterKillMs`, then everyone must converge. Then, reading the store itself
 * (PostgreSQL): **relayed edits lost** = edits some other client had received that the store does not
 * hold once it has settled (a server that stores later gets until its store stops changing for
 * `settleMs`); **not yet stored at the kill** = edits relayed before the kill that the store did not
 * hold just after it; for durable-ack servers **acked edits lost**. **Edits flow again** = from the
 * kill until an edit made after it by every writer (the moved ones too) has reached another client;
 * also for the writers of the surviving nodes alone.
 * @type {import('./workloadDef.mjs').Workload}
 */
export const nodeKill = {
  id: 'node-kill',
  title: 'kill -9 of one node under a burst',
  description:
    'SIGKILL of one node while writers on every node type; its clients reconnect to the others: relayed (and acked) edits missing from the store, time until edits flow again',
  skip: (server) => (server.nodes < 2 || !server.persistent ? 'one process: see kill-burst' : null),
  columns: [
    { key: 'lostEdits', label: 'relayed edits lost (all trials)', unit: 'count', better: 'lower' },
    { key: 'trialsWithLoss', label: 'trials with a loss', unit: 'count', better: 'lower' },
    { key: 'ackedLost', label: 'acked edits lost', unit: 'count', better: 'lower' },
    { key: 'unstoredAtKillMax', label: 'relayed, not stored at the kill (worst trial)', unit: 'count', better: 'lower' },
    { key: 'flowAgainP50Ms', label: 'edits flow again, median trial', unit: 'ms', better: 'lower' },
    { key: 'flowAgainMaxMs', label: 'edits flow again, worst trial', unit: 'ms', better: 'lower' },
    { key: 'survivorsFlowMaxMs', label: 'between survivors, worst trial', unit: 'ms', better: 'lower' },
    { key: 'relayedEdits', label: 'relayed edits', unit: 'count', better: null },
    { key: 'trials', label: 'trials', unit: 'count', better: null },
  ],
  chart: ['lostEdits', 'flowAgainMaxMs'],
  async run({ server, sizes, start, clients, log }) {
    const running = await start();
    /** @type {import('./nodeKillTrial.mjs').TrialResult[]} */
    const results = [];
    for (let trial = 0; trial < sizes.trials; trial++) {
      const result = await runNodeKillTrial({ server, running, sizes, trial, clients });
      results.push(result);
      log(
        `trial ${trial + 1} (node-${trial % running.ports.length} killed): ${result.relayed} relayed, ${result.lost} lost, ` +
          `${result.unstoredAtKill} not stored at the kill${server.durableAck ? `, ${result.ackedLost} acked lost` : ''}, ` +
          `flow again ${result.flowAllMs?.toFixed(0) ?? 'never'} ms (survivors ${result.flowSurvivorsMs?.toFixed(0) ?? 'never'} ms)` +
          `${result.converged ? '' : ', NOT CONVERGED'}`,
      );
    }
    const sum = (/** @type {(result: import('./nodeKillTrial.mjs').TrialResult) => number} */ pick) =>
      results.reduce((total, result) => total + pick(result), 0);
    const flows = results.map((result) => result.flowAllMs);
    const survivorFlows = results.map((result) => result.flowSurvivorsMs);
    const known = (/** @type {(number | null)[]} */ values) => /** @type {number[]} */ (values.filter((value) => value !== null));
    return {
      trials: results.length,
      relayedEdits: sum((result) => result.relayed),
      lostEdits: sum((result) => result.lost),
      trialsWithLoss: results.filter((result) => result.lost > 0).length,
      lostPerTrial: results.map((result) => result.lost).join(' / '),
      ackedLost: server.durableAck ? sum((result) => result.ackedLost) : null,
      unstoredAtKillMax: Math.max(...results.map((result) => result.unstoredAtKill)),
      unstoredAtKillMean: sum((result) => result.unstoredAtKill) / results.length,
      // A trial in which some writer's edits never flowed again counts as the worst.
      flowAgainP50Ms: percentiles(known(flows)).p50 ?? null,
      flowAgainMaxMs: flows.includes(null) ? null : Math.max(...known(flows)),
      flowAgainNever: flows.filter((flow) => flow === null).length,
      survivorsFlowMaxMs: survivorFlows.includes(null) ? null : Math.max(...known(survivorFlows)),
      flowAgainPerTrial: flows.map((flow) => (flow === null ? 'never' : flow.toFixed(0))).join(' / '),
      notConverged: results.filter((result) => !result.converged).length,
      reconnects: reconnectsOf(clients),
    };
  },
};
