import { COMMON_SETTINGS } from '../sdk/connector';
import { SettingsOf, SettingsSchema } from '../sdk/connector-settings';

/** BIEBPANEL_HOST, _PORT, _USERNAME, _PRIVATE_KEY_FILE, _HOST_KEY (pinned), _REMOTE_DIR. */
export const biebpanelSettings = {
  host: { kind: 'text', description: "the panel's SFTP server" },
  port: { kind: 'integer', description: "the panel's SFTP port", default: 22, min: 1, max: 65535 },
  username: { kind: 'text', description: 'the SFTP user of the library' },
  privateKeyFile: { kind: 'text', description: 'file with the private key the gateway logs in with (OpenSSH or PEM, mode 0600)' },
  hostKey: { kind: 'text', description: "the pinned fingerprint of the panel's host key, as `ssh-keygen -lf` prints it (SHA256:…)" },
  remoteDir: { kind: 'text', description: 'the folder on the server the files go to', default: '/upload' },
} as const satisfies SettingsSchema;

export type BiebpanelSettings = SettingsOf<typeof biebpanelSettings & typeof COMMON_SETTINGS>;
