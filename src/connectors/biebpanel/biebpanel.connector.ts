import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { Client, SFTPWrapper } from 'ssh2';
import { sshFingerprint } from '../../mapping/sftp/ssh-fingerprint';
import { ReleasedPayload } from '../../policy/released-payload';
import { Connector, ConnectorHealth, DeliveryContext, DeliveryReceipt, PreparedMessage } from '../sdk/connector';
import { ConnectorError, MappingFailed, PartnerUnavailable } from '../sdk/connector-errors';
import { ConnectorSettingsInvalid } from '../sdk/connector-settings';
import { biebpanelManifest } from './biebpanel.manifest';
import { BiebpanelSettings } from './biebpanel.settings';

/** The panel's server presented another host key than the pinned one: nothing is sent (a man in the middle, or a key changed unannounced). */
export class HostKeyMismatch extends ConnectorError {
  readonly transient = false;
  constructor(partner: string) {
    super('HOST_KEY_MISMATCH', `${partner}'s SFTP server presented another host key than BIEBPANEL_HOST_KEY pins: nothing was sent`, 502, { partner });
  }
}

/** A file to put on the panel's server. */
export interface PanelFile {
  readonly name: string;
  readonly content: string;
}

/**
 * The research panel's SFTP server: key-based login (BIEBPANEL_PRIVATE_KEY_FILE), the server's host key
 * pinned (BIEBPANEL_HOST_KEY) — any other key and the connection ends before a byte of the file leaves.
 * Files are made by the export job (POST /api/v1/partners/biebpanel/exports), not per member.
 */
export class BiebpanelConnector implements Connector {
  readonly manifest = biebpanelManifest;
  private readonly privateKey: Buffer;

  constructor(private readonly settings: BiebpanelSettings) {
    if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(settings.hostKey)) throw new ConnectorSettingsInvalid(biebpanelManifest.id, ['BIEBPANEL_HOST_KEY must be a host key fingerprint as ssh-keygen -lf prints it (SHA256: and 43 base64 characters)']);
    try {
      this.privateKey = readFileSync(settings.privateKeyFile);
    } catch {
      throw new ConnectorSettingsInvalid(biebpanelManifest.id, ['BIEBPANEL_PRIVATE_KEY_FILE cannot be read']);
    }
  }

  prepare(payload: ReleasedPayload): PreparedMessage {
    void payload;
    throw new MappingFailed(this.manifest.id, 'the panel gets files made by an export (POST /api/v1/partners/biebpanel/exports), not a message per member');
  }

  read(): Record<string, unknown> {
    return {};
  }

  deliver(_message: PreparedMessage, _context: DeliveryContext): Promise<DeliveryReceipt> {
    return Promise.reject(new MappingFailed(this.manifest.id, 'the panel gets files made by an export, not a message per member'));
  }

  /** Puts the files in the remote folder, in one session; refuses a server whose host key is not the pinned one. */
  upload(files: readonly PanelFile[], signal: AbortSignal): Promise<void> {
    return this.session(async (sftp) => {
      for (const file of files) {
        const path = posix.join(this.settings.remoteDir, file.name);
        await new Promise<void>((resolve, reject) => sftp.writeFile(path, Buffer.from(file.content, 'utf8'), (error) => (error ? reject(new PartnerUnavailable(this.manifest.id, `the SFTP server refused ${file.name}`)) : resolve())));
      }
    }, signal);
  }

  async health(signal: AbortSignal): Promise<ConnectorHealth> {
    try {
      await this.session(() => Promise.resolve(), signal);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: error instanceof ConnectorError ? error.code : 'SFTP_FAILED' };
    }
  }

  private session(work: (sftp: SFTPWrapper) => Promise<void>, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const client = new Client();
      let mismatch = false;
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        client.end();
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = (): void => finish(new PartnerUnavailable(this.manifest.id, 'the upload was stopped'));
      const timer = setTimeout(() => finish(new PartnerUnavailable(this.manifest.id, `no SFTP session within ${this.settings.timeoutMs} ms`)), this.settings.timeoutMs);
      signal.addEventListener('abort', onAbort);
      client.on('ready', () => {
        client.sftp((error, sftp) => {
          if (error) return finish(new PartnerUnavailable(this.manifest.id, 'the server offers no SFTP'));
          work(sftp).then(() => finish(), (failure: Error) => finish(failure));
        });
      });
      client.on('error', () => finish(mismatch ? new HostKeyMismatch(this.manifest.id) : new PartnerUnavailable(this.manifest.id, 'the SFTP connection failed')));
      client.connect({
        host: this.settings.host,
        port: this.settings.port,
        username: this.settings.username,
        privateKey: this.privateKey,
        readyTimeout: this.settings.timeoutMs,
        hostVerifier: (key: Buffer) => {
          mismatch = sshFingerprint(key) !== this.settings.hostKey;
          return !mismatch;
        },
      });
    });
  }
}
