import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ValidMember } from '../src/domain/member';
import { noteNotRun } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

/**
 * MemberLookup from a SOAP client the gateway did not write: zeep (Debian's python3-zeep), driven by
 * test/support/zeep-member-lookup.py. It reads the served WSDL, calls the address the WSDL names, and
 * writes its own WS-Security header. The database plays no part in what is tested here: SQLite only.
 * `python3` on PATH may be a Python without zeep: the Debian one is asked for (ZEEP_PYTHON overrides).
 */
const NAME = 'Overijssel MemberLookup from zeep, a third-party SOAP client';
const PYTHON = process.env.ZEEP_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(__dirname, 'support', 'zeep-member-lookup.py');

interface ZeepRequest {
  readonly wsdl: string;
  readonly username: string;
  readonly password: string;
  readonly cardNumber: string;
  readonly timestamp: 'none' | 'current' | 'expired';
}

type ZeepResult =
  | { readonly kind: 'member'; readonly address: string; readonly member: Record<string, any> }
  | { readonly kind: 'fault'; readonly address: string; readonly code: string; readonly detailCode: string | null };

function hasZeep(): boolean {
  return spawnSync(PYTHON, ['-c', 'import zeep'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

/** Runs the script without blocking this process (the gateway answers it from here); the request goes on stdin. */
function zeep(request: ZeepRequest): Promise<ZeepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`zeep-member-lookup.py exited with ${status}: ${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(stdout) as ZeepResult);
      } catch {
        reject(new Error(`zeep-member-lookup.py printed no JSON: ${stdout.slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

if (!hasZeep()) {
  noteNotRun(`${NAME}: ${PYTHON} cannot import zeep (apt-get install python3-zeep)`);
  describe(NAME, () => {
    it.todo(`is NOT run: ${PYTHON} cannot import zeep`);
  });
} else {
  describe(NAME, () => {
    let gateway: TestApp;
    let base: string;
    let member: ValidMember;
    let request: (overrides?: Partial<ZeepRequest>) => ZeepRequest;

    beforeAll(async () => {
      gateway = await startTestApp({ database: 'sqlite', env: { SANDBOX: 'on', CONNECTORS: 'hka,overijssel' } });
      await gateway.app.listen(0, '127.0.0.1');
      base = await gateway.app.getUrl();
      const created = await gateway.http.post('/api/v1/accounts').set(gateway.as('admin')).send({ name: 'bibliotheek-deventer', role: 'partner', partner: 'overijssel' });
      member = ((await gateway.http.get('/api/v1/sandbox/members?limit=1').set(gateway.as('operator'))).body as ValidMember[])[0] as ValidMember;
      const credential = { username: 'bibliotheek-deventer', password: created.body.token as string };
      request = (overrides = {}) => ({ wsdl: `${base}/soap/overijssel?wsdl`, ...credential, cardNumber: member.cardNumber, timestamp: 'none', ...overrides });
    });
    afterAll(async () => {
      await gateway.close();
    });

    it('loads the WSDL, calls the address it names and gets the member with a UsernameToken (PasswordText)', async () => {
      const result = await zeep(request());
      expect(result).toMatchObject({ kind: 'member', address: `${base}/soap/overijssel` });
      const found = result.kind === 'member' ? result.member : {};
      expect(found).toMatchObject({ CardNumber: member.cardNumber, HomeLibrary: member.libraryId, Name: { LastName: member.name.lastName } });
      expect(found.Membership).toMatchObject({ Status: member.membership?.status, ValidUntil: member.membership?.validUntil });
      for (const withheld of ['Reference', 'Email', 'AgeBand']) expect(found[withheld]).toBeNull();
      expect(found.Address).toEqual([]);
    });

    it('is answered with a current wsu:Timestamp in its Security header', async () => {
      expect(await zeep(request({ timestamp: 'current' }))).toMatchObject({ kind: 'member', member: { CardNumber: member.cardNumber } });
    });

    it('gets a zeep Fault soap:Client, AUTHENTICATION_FAILED, for a wrong password', async () => {
      const result = await zeep(request({ password: 'not-the-token-0123456789' }));
      expect(result).toEqual({ kind: 'fault', address: `${base}/soap/overijssel`, code: 'soap:Client', detailCode: 'AUTHENTICATION_FAILED' });
    });

    it('gets a zeep Fault wsse:MessageExpired for an expired wsu:Timestamp', async () => {
      const result = await zeep(request({ timestamp: 'expired' }));
      expect(result).toEqual({ kind: 'fault', address: `${base}/soap/overijssel`, code: 'wsse:MessageExpired', detailCode: 'MESSAGE_EXPIRED' });
    });
  });
}
