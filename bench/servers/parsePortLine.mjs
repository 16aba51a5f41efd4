/**
 * Reads the port from a JSON line `{"port": N}` (or any JSON object with a numeric top-level
 * `port` > 0, like Tandem's `"msg":"listening"` log line); null for any other line.
 * @param {string} line
 * @returns {number | null}
 */
export function parsePortLine(line) {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line);
    return typeof value.port === 'number' && value.port > 0 ? value.port : null;
  } catch {
    return null;
  }
}
