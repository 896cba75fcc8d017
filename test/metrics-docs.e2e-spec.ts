import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seriesNamesOf } from './support/prometheus-text';
import { startTestApp, TestApp } from './support/test-app';

const DOCS = join(__dirname, '..', 'docs');

interface DashboardPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: ReadonlyArray<{ readonly expr: string; readonly datasource?: { readonly uid: string } }>;
}

interface Dashboard {
  readonly schemaVersion: number;
  readonly __inputs: ReadonlyArray<{ readonly name: string; readonly type: string; readonly pluginId: string }>;
  readonly panels: readonly DashboardPanel[];
  readonly templating: { readonly list: ReadonlyArray<{ readonly name: string; readonly definition?: string }> };
}

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly labels?: { readonly severity?: string };
  readonly annotations?: { readonly summary?: string; readonly description?: string };
}

/** The gateway's series named in a PromQL expression (the process metrics included: they carry the bieb_ prefix too). */
function seriesIn(expr: string): string[] {
  return [...expr.matchAll(/\bbieb_[a-z0-9_]+\b/g)].map((match) => match[0]);
}

/**
 * docs/grafana-dashboard.json and docs/prometheus-alerts.yml, against a real scrape of GET /metrics: every
 * series a query or rule names is one the gateway exports, so neither file can silently rot when a
 * metric is renamed; the dashboard shows every series of the gateway's own; the alerts the issue asks for exist.
 */
describe('the Grafana dashboard and the Prometheus alert rules', () => {
  let gateway: TestApp;
  let exported: Set<string>;
  const dashboard = JSON.parse(readFileSync(join(DOCS, 'grafana-dashboard.json'), 'utf8')) as Dashboard;
  const alerts = load(readFileSync(join(DOCS, 'prometheus-alerts.yml'), 'utf8')) as { groups: ReadonlyArray<{ name: string; rules: readonly AlertRule[] }> };
  const rules = alerts.groups.flatMap((group) => group.rules);
  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr }))),
    ...dashboard.templating.list.map((variable) => ({ where: `variable ${variable.name}`, expr: variable.definition ?? '' })),
  ];

  beforeAll(async () => {
    gateway = await startTestApp({ database: 'sqlite', env: { SYNC_INTERVAL_MS: '0' } });
    const scraped = await gateway.http.get('/metrics').set(gateway.as('operator'));
    expect(scraped.status).toBe(200);
    exported = seriesNamesOf(scraped.text);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('finds the scrape itself (the comparison has something to compare with)', () => {
    expect(exported.size).toBeGreaterThan(30);
    for (const name of ['bieb_exchanges_total', 'bieb_delivery_latency_seconds_bucket', 'bieb_outbox_messages', 'bieb_process_resident_memory_bytes']) expect(exported.has(name)).toBe(true);
    expect(queries.length).toBeGreaterThan(20);
    expect(rules.length).toBeGreaterThanOrEqual(5);
  });

  it('has dashboard queries that name only series the gateway exports', () => {
    const unknown = queries.flatMap(({ where, expr }) => seriesIn(expr).filter((name) => !exported.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
    expect(queries.filter(({ expr }) => seriesIn(expr).length === 0).map(({ where }) => where)).toEqual([]);
  });

  it('has alert rules that name only series the gateway exports, each with a severity and a summary', () => {
    const unknown = rules.flatMap((rule) => seriesIn(rule.expr).filter((name) => !exported.has(name)).map((name) => `${rule.alert}: ${name}`));
    expect(unknown).toEqual([]);
    for (const rule of rules) {
      expect(seriesIn(rule.expr).length).toBeGreaterThan(0);
      expect(rule.labels?.severity).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.summary?.length ?? 0).toBeGreaterThan(10);
    }
    expect(rules.map((rule) => rule.alert).sort()).toEqual(['BiebCheckpointStale', 'BiebCircuitOpen', 'BiebDeadLettersGrowing', 'BiebOutboxStuck', 'BiebSyncLagHigh']);
  });

  it('graphs every series of the gateway, and is an importable Grafana dashboard on a ${DS_PROMETHEUS} input', () => {
    // The gateway's own series (not prom-client's process metrics, of which the dashboard picks a few).
    const own = [...exported].filter((name) => !/^bieb_(process|nodejs)_/.test(name) && !/_(sum|count)$/.test(name) && !(name.endsWith('_seconds') && exported.has(`${name}_bucket`)));
    const graphed = new Set(queries.flatMap(({ expr }) => seriesIn(expr)));
    expect(own.filter((name) => !graphed.has(name))).toEqual([]);
    for (const name of ['bieb_process_resident_memory_bytes', 'bieb_process_cpu_seconds_total', 'bieb_nodejs_eventloop_lag_p99_seconds']) expect(graphed.has(name)).toBe(true);

    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const panel of panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' });
      expect(panel.targets?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
