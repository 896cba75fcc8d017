import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noteNotRun } from './support/databases';
import { freePort, GatewayProcess, startGatewayProcess, waitForHttp } from './support/gateway-process';

/**
 * A real Prometheus (Debian's `prometheus` package) scrapes a real gateway with METRICS_TOKEN, loads
 * docs/prometheus-alerts.yml, and evaluates every query of docs/grafana-dashboard.json: the rules load
 * and are healthy, every panel's PromQL is accepted, and the gateway's series arrive.
 */
const NAME = 'a real Prometheus scrapes the gateway and runs the dashboard and the alert rules';
const PROMETHEUS = '/usr/bin/prometheus';
const DOCS = join(__dirname, '..', 'docs');

interface PromAnswer<T> {
  readonly status: string;
  readonly data: T;
  readonly error?: string;
}

if (!existsSync(PROMETHEUS)) {
  noteNotRun(`${NAME}: ${PROMETHEUS} is not installed (Debian package prometheus; .ci/run installs it)`);
  describe(NAME, () => {
    it.todo(`is NOT run: ${PROMETHEUS} is not installed`);
  });
} else {
  describe(NAME, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bgw-prom-'));
    const metricsToken = `mt_${randomBytes(24).toString('base64url')}`;
    let gateway: GatewayProcess | undefined;
    let prometheus: ChildProcess | undefined;
    let prometheusLog = '';
    let api = '';

    const query = async <T>(path: string): Promise<PromAnswer<T>> => (await (await fetch(`${api}${path}`)).json()) as PromAnswer<T>;

    beforeAll(async () => {
      const port = await freePort();
      gateway = startGatewayProcess({
        PORT: String(port),
        SIP2_PORT: String(await freePort()),
        DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'silent',
        METRICS_TOKEN: metricsToken,
        SYNC_INTERVAL_MS: '0',
        WITHDRAWAL_WATCH_MS: '0',
      });
      await waitForHttp(`http://127.0.0.1:${port}/health`, gateway);
      writeFileSync(join(dir, 'token'), metricsToken, { mode: 0o600 });
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${join(DOCS, 'prometheus-alerts.yml')}']`,
          'scrape_configs:',
          '  - job_name: bieb-gateway',
          `    authorization: { credentials_file: '${join(dir, 'token')}' }`,
          `    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`,
          '',
        ].join('\n'),
      );
      const promPort = await freePort();
      api = `http://127.0.0.1:${promPort}`;
      prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString('utf8')));
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          if ((await fetch(`${api}/-/ready`)).ok) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`prometheus did not get ready:\n${prometheusLog.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }, 120_000);

    afterAll(async () => {
      prometheus?.kill('SIGTERM');
      await gateway?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('scrapes /metrics with METRICS_TOKEN, loads the alert rules, and accepts every dashboard query', async () => {
      // The target is up: the token opened /metrics, and the text parsed.
      const deadline = Date.now() + 60_000;
      let health = '';
      while (health !== 'up' && Date.now() < deadline) {
        const targets = await query<{ activeTargets: Array<{ health: string; lastError: string }> }>('/api/v1/targets');
        health = targets.data.activeTargets[0]?.health ?? '';
        if (health !== 'up') await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(health).toBe('up');
      const ledger = await query<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`/api/v1/query?query=${encodeURIComponent('bieb_ledger_entries')}`);
      expect(ledger.status).toBe('success');
      expect(ledger.data.result[0]?.metric.job).toBe('bieb-gateway');

      // Every rule of docs/prometheus-alerts.yml loaded and evaluates without error.
      let rules: Array<{ name: string; health: string; lastError?: string }> = [];
      while (Date.now() < deadline) {
        const answer = await query<{ groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> }>('/api/v1/rules');
        rules = answer.data.groups.flatMap((group) => group.rules);
        if (rules.length > 0 && rules.every((rule) => rule.health === 'ok')) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(rules.length).toBeGreaterThanOrEqual(5);
      expect(rules.filter((rule) => rule.health !== 'ok')).toEqual([]);

      // Every query of every dashboard panel, with Grafana's variables as Grafana fills them, is valid PromQL.
      const dashboard = JSON.parse(readFileSync(join(DOCS, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
      const expressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
      expect(expressions.length).toBeGreaterThan(10);
      const refused: string[] = [];
      for (const { panel, expr } of expressions) {
        const filled = expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', 'bieb-gateway');
        const answer = await query<unknown>(`/api/v1/query?query=${encodeURIComponent(filled)}`);
        if (answer.status !== 'success') refused.push(`${panel}: ${answer.error ?? 'error'}`);
      }
      expect(refused).toEqual([]);
    }, 120_000);
  });
}
