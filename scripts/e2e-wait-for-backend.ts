// Playwright global setup: waits for the backend (every plugin, the local workspace included).
const HEALTH =
  process.env.FMLOPS_BACKEND_HEALTH_URL ??
  'http://localhost:7007/api/fmlops/health';

export default async function waitForBackend() {
  const deadline = Date.now() + 300_000;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(HEALTH);
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = String(e);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`backend at ${HEALTH} did not become healthy: ${lastError}`);
}
