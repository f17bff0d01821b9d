// The official Node SDK (unleash-client) against a live server; prints what it sees.
// argv: url token mode watchJson. mode: "streaming" | "delta" | "polling".
// watchJson: [{"key": "...", "name": "<flag>", "context": {...}}, ...]
// stdout: one JSON line whenever the known flags, a watched result or the fetch mode change.
const { initialize, InMemStorageProvider } = require('unleash-client');

const [url, token, mode, watchJson] = process.argv.slice(2);
const watch = JSON.parse(watchJson || '[]');
const experimentalMode =
  mode === 'delta' ? { type: 'polling', format: 'delta' } : { type: mode };
const unleash = initialize({
  url,
  appName: 'node-sdk-test',
  customHeaders: { Authorization: token },
  experimentalMode,
  refreshInterval: 200,
  disableMetrics: true,
  skipInstanceCountWarning: true,
  storageProvider: new InMemStorageProvider(), // no backup file shared between tests
});

let currentMode = mode === 'streaming' ? 'streaming' : 'polling';
let last = '';
function report(extra) {
  const known = unleash.getFeatureToggleDefinitions().map((f) => f.name).sort();
  const enabled = {};
  for (const w of watch) enabled[w.key] = unleash.isEnabled(w.name, w.context || {});
  const line = JSON.stringify({ known, enabled, mode: currentMode, ...(extra || {}) });
  if (line !== last) {
    last = line;
    process.stdout.write(`${line}\n`);
  }
}
// the repository emits mode changes; the Unleash instance does not forward them
unleash.repository.on('mode', (change) => {
  currentMode = change.to;
  report();
});
unleash.on('changed', () => report());
unleash.on('synchronized', () => report({ synchronized: true }));
unleash.on('warn', (msg) => process.stderr.write(`warn: ${msg}\n`));
unleash.on('error', (err) => process.stderr.write(`error: ${err && err.message}\n`));
setInterval(() => report(), 50);
process.stdin.on('end', () => {
  unleash.destroy();
  process.exit(0);
});
process.stdin.resume();
