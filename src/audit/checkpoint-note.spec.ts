import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, openCheckpoint, signCheckpoint, verifierKey } from './checkpoint-note';

describe('signed checkpoints (C2SP tlog-checkpoint in a signed note)', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').privateKey;
  const checkpoint = { origin: 'bibliotheek-staphorst/disclosure-ledger', treeSize: 42, rootHash: Buffer.alloc(32, 7).toString('base64'), extensions: ['accounts 3 ' + 'ab'.repeat(32)] };
  const name = 'bibliotheek-staphorst';

  it('writes the checkpoint lines, a blank line and one signature line with the key id', () => {
    const note = signCheckpoint(checkpoint, name, privateKey);
    expect(note.startsWith(checkpointBody(checkpoint))).toBe(true);
    expect(checkpointBody(checkpoint)).toBe(`bibliotheek-staphorst/disclosure-ledger\n42\n${checkpoint.rootHash}\naccounts 3 ${'ab'.repeat(32)}\n`);
    const signatureLine = note.split('\n\n')[1] as string;
    expect(signatureLine).toMatch(/^\u2014 bibliotheek-staphorst [A-Za-z0-9+/]+=*\n$/);
    expect(Buffer.from(signatureLine.trim().split(' ')[2] as string, 'base64')).toHaveLength(4 + 64);
    expect(verifierKey(name, privateKey)).toMatch(/^bibliotheek-staphorst\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  });

  it('opens with the verifier key, and refuses an altered note or another key', () => {
    const note = signCheckpoint(checkpoint, name, privateKey);
    expect(openCheckpoint(note, verifierKey(name, privateKey))).toEqual({ ok: true, checkpoint });
    expect(openCheckpoint(note.replace('\n42\n', '\n41\n'), verifierKey(name, privateKey))).toMatchObject({ ok: false, reason: expect.stringContaining('altered') });
    expect(openCheckpoint(note, verifierKey(name, other))).toMatchObject({ ok: false });
    expect(openCheckpoint(signCheckpoint(checkpoint, name, other), verifierKey(name, privateKey))).toMatchObject({ ok: false });
    expect(openCheckpoint('not a note', verifierKey(name, privateKey))).toMatchObject({ ok: false });
    expect(openCheckpoint(note, 'garbage')).toMatchObject({ ok: false });
  });
});
