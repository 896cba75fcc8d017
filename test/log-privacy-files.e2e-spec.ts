import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccessToken } from '../src/auth/access-token';
import { ValidMember } from '../src/domain/member';
import { earliestPermittedCollectionDate } from '../src/mapping/sepa/target2-calendar';
import { freePort, GatewayProcess, staffAccount, startGatewayProcess, waitForHttp } from './support/gateway-process';

/** What names or reaches a member: identifiers, names, contact, address, account and mandate. */
function personalValues(member: ValidMember): string[] {
  const values = [
    member.memberId,
    member.cardNumber,
    member.name.firstNames,
    member.name.lastName,
    member.email,
    member.phone,
    member.birthDate,
    member.bankAccount?.iban,
    member.bankAccount?.holder,
    member.directDebitMandate?.mandateId,
    ...(member.addresses ?? []).flatMap((address) => [address.street, address.postalCode]),
  ];
  return values.filter((value): value is string => typeof value === 'string' && value.length >= 5);
}

/**
 * The file partners at the gateway's most talkative (LOG_LEVEL=trace): a SEPA collection, the bank's
 * notification, a research-panel export over SFTP — and not one member's identifier, name, address,
 * account or mandate in what it writes, least of all of the members without consent.
 */
describe('logs of collections and exports', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgw-logs-files-'));
  const token = newAccessToken();
  let gateway: GatewayProcess;
  let base = '';
  let operator = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = startGatewayProcess({
      PORT: String(port),
      SIP2_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: token,
      SANDBOX: 'on',
      CONNECTORS: 'hka,bank,biebpanel',
      LOG_LEVEL: 'trace',
      SYNC_INTERVAL_MS: '0',
      DELIVERY_POLL_MS: '20',
    });
    await waitForHttp(`${base}/health`, gateway);
    operator = await staffAccount(base, token, 'ops', 'operator');
  }, 90_000);
  afterAll(async () => {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never contain what names or reaches a member', async () => {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const members = (await (await call('GET', '/api/v1/sandbox/members?limit=1000')).json()) as ValidMember[];
    const collectionDate = earliestPermittedCollectionDate(new Date().toISOString().slice(0, 10), 14);
    expect((await call('POST', '/api/v1/partners/bank/collections', { collectionDate })).status).toBe(201);
    expect((await call('POST', '/api/v1/partners/bank/notifications/pull', {})).status).toBe(200);
    expect((await call('POST', '/api/v1/partners/biebpanel/exports', {})).status).toBe(201);
    expect((await call('POST', '/api/v1/partners/bank/collections', { collectionDate: '2027-01-02' })).status).toBe(422);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const logs = gateway.stdout() + gateway.stderr();
    expect(logs).toContain('collection');
    expect(logs).toContain('panel export');
    const leaked = members.flatMap(personalValues).filter((value) => logs.includes(value));
    expect(leaked).toEqual([]);
  });
});
