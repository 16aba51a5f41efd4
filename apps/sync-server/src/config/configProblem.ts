/** A rule across keys was broken: `key` is the one to change, `problem` says why. */
export interface ConfigProblem {
  key: string;
  problem: string;
}
