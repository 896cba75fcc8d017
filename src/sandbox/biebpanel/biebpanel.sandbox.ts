import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, ParsedKey, Server, SFTPWrapper, utils } from 'ssh2';
import { PartnerSandbox, ReceivedMessage, SandboxFault } from '../partner-sandbox';
import { sshFingerprint } from '../../mapping/sftp/ssh-fingerprint';
import { sshKeyPair } from './ssh-key-pair';

const USER = 'bieb-gateway';
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

/** A file as the panel's server received it over SFTP: its path and exact bytes. */
export interface PanelReceivedFile extends ReceivedMessage {
  readonly path: string;
  readonly bytes: Buffer;
}

type Upload = { path: string; chunks: Map<number, Buffer> };

/**
 * The research panel's SFTP server on loopback (ssh2's server side): a host key of its own, one user
 * who logs in with the gateway's key (publickey only), files written whole into memory and listed as
 * received byte for byte. `rotateHostKey()` gives it a new host key — a gateway that pinned the old one
 * must refuse to upload.
 */
export class BiebpanelSandbox implements PartnerSandbox {
  readonly partner = 'biebpanel';
  private hostKey = sshKeyPair();
  private readonly clientKey = sshKeyPair();
  private readonly keyDir = mkdtempSync(join(tmpdir(), 'bgw-biebpanel-'));
  private readonly privateKeyFile = join(this.keyDir, 'id_ed25519');
  private server: Server | undefined;
  private port = 0;
  private readonly files: PanelReceivedFile[] = [];
  private fault: SandboxFault = { kind: 'none' };
  private readonly connections = new Set<Connection>();

  constructor() {
    writeFileSync(this.privateKeyFile, this.clientKey.private, { mode: 0o600 });
  }

  async start(): Promise<void> {
    await this.listen(0);
  }

  settings(): Readonly<Record<string, string>> {
    return {
      BIEBPANEL_HOST: '127.0.0.1',
      BIEBPANEL_PORT: String(this.port),
      BIEBPANEL_USERNAME: USER,
      BIEBPANEL_PRIVATE_KEY_FILE: this.privateKeyFile,
      BIEBPANEL_HOST_KEY: this.hostKeyFingerprint(),
      BIEBPANEL_REMOTE_DIR: '/upload',
    };
  }

  /** The fingerprint of the host key the server presents now (`SHA256:…`). */
  hostKeyFingerprint(): string {
    return sshFingerprint((utils.parseKey(this.hostKey.public) as ParsedKey).getPublicSSH());
  }

  /** A new host key, on the same port: what a gateway that pinned the old one must refuse. */
  async rotateHostKey(): Promise<void> {
    this.hostKey = sshKeyPair();
    await this.close();
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.close();
    rmSync(this.keyDir, { recursive: true, force: true });
  }

  received(): readonly PanelReceivedFile[] {
    return [...this.files];
  }

  setFault(fault: SandboxFault): void {
    this.fault = fault;
  }

  reset(): void {
    this.files.length = 0;
    this.fault = { kind: 'none' };
  }

  private listen(port: number): Promise<void> {
    const allowed = utils.parseKey(this.clientKey.public) as ParsedKey;
    const server = new Server({ hostKeys: [this.hostKey.private] }, (client) => {
      this.connections.add(client);
      client.on('close', () => this.connections.delete(client));
      client.on('error', () => undefined);
      client.on('authentication', (context) => {
        if (context.method !== 'publickey' || context.username !== USER || context.key.algo !== allowed.type || !context.key.data.equals(allowed.getPublicSSH())) {
          context.reject(['publickey']);
          return;
        }
        if (context.signature === undefined) context.accept();
        else if (context.blob !== undefined && allowed.verify(context.blob, context.signature, context.hashAlgo) === true) context.accept();
        else context.reject(['publickey']);
      });
      client.on('ready', () => {
        client.on('session', (acceptSession) => {
          acceptSession().on('sftp', (acceptSftp) => this.serve(acceptSftp()));
        });
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private serve(sftp: SFTPWrapper): void {
    const open = new Map<string, Upload>();
    let next = 0;
    sftp.on('OPEN', (id, path, flags) => {
      if (this.fault.kind === 'error500' || this.fault.kind === 'reject400') return sftp.status(id, STATUS_CODE.PERMISSION_DENIED);
      if ((flags & OPEN_MODE.WRITE) === 0) return sftp.status(id, STATUS_CODE.OP_UNSUPPORTED);
      const handle = Buffer.from(String(next++));
      open.set(handle.toString(), { path, chunks: new Map() });
      return sftp.handle(id, handle);
    });
    sftp.on('WRITE', (id, handle, offset, data) => {
      const upload = open.get(handle.toString());
      if (upload === undefined) return sftp.status(id, STATUS_CODE.FAILURE);
      upload.chunks.set(offset, Buffer.from(data));
      return sftp.status(id, STATUS_CODE.OK);
    });
    sftp.on('CLOSE', (id, handle) => {
      const upload = open.get(handle.toString());
      if (upload === undefined) return sftp.status(id, STATUS_CODE.FAILURE);
      open.delete(handle.toString());
      const bytes = Buffer.concat([...upload.chunks].sort(([a], [b]) => a - b).map(([, chunk]) => chunk));
      this.files.push({ path: upload.path, bytes, body: bytes.toString('utf8'), duplicate: false });
      return sftp.status(id, STATUS_CODE.OK);
    });
    const attrs = { mode: 0o100644, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
    sftp.on('FSTAT', (id) => sftp.attrs(id, attrs));
    sftp.on('FSETSTAT', (id) => sftp.status(id, STATUS_CODE.OK));
    sftp.on('SETSTAT', (id) => sftp.status(id, STATUS_CODE.OK));
    sftp.on('STAT', (id) => sftp.attrs(id, { ...attrs, mode: 0o040755 }));
    sftp.on('LSTAT', (id) => sftp.attrs(id, { ...attrs, mode: 0o040755 }));
    sftp.on('REALPATH', (id, path) => sftp.name(id, [{ filename: path === '.' ? '/' : path, longname: path, attrs }]));
  }

  private async close(): Promise<void> {
    for (const connection of this.connections) connection.end();
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
