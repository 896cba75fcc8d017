import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, openCheckpoint, signCheckpoint, signingKeysNamed, verifierKey } from './checkpoint-note';

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
    expect(openCheckpoint(note, verifierKey(name, privateKey))).toEqual({ ok: true, checkpoint, verifier: verifierKey(name, privateKey) });
    expect(openCheckpoint(note.replace('\n42\n', '\n41\n'), verifierKey(name, privateKey))).toMatchObject({ ok: false, reason: expect.stringContaining('altered') });
    expect(openCheckpoint(note, verifierKey(name, other))).toMatchObject({ ok: false });
    expect(openCheckpoint(signCheckpoint(checkpoint, name, other), verifierKey(name, privateKey))).toMatchObject({ ok: false });
    expect(openCheckpoint('not a note', verifierKey(name, privateKey))).toMatchObject({ ok: false });
    expect(openCheckpoint(note, 'garbage')).toMatchObject({ ok: false });
  });

  it('opens each note with the key of the ring that it names, and refuses a note naming an unknown key or another key than signed it', () => {
    const ring = [verifierKey(name, other), verifierKey(name, privateKey)];
    const byOld = signCheckpoint(checkpoint, name, privateKey);
    const byNew = signCheckpoint({ ...checkpoint, treeSize: 43 }, name, other);
    expect(openCheckpoint(byOld, ring)).toMatchObject({ ok: true, verifier: verifierKey(name, privateKey) });
    expect(openCheckpoint(byNew, ring)).toMatchObject({ ok: true, verifier: verifierKey(name, other), checkpoint: { treeSize: 43 } });
    const oldId = verifierKey(name, privateKey).split('+')[1] ?? '';
    expect(signingKeysNamed(byOld)).toEqual([`${name} ${oldId}`]);
    // Only the new key known: the old note names a key the ring lacks.
    expect(openCheckpoint(byOld, [verifierKey(name, other)])).toMatchObject({ ok: false, reason: `the note names key ${name} ${oldId}, which is not one of the gateway's keys` });
    // The key id of the signature line swapped for the other key's: named one key, signed by another.
    const [body, line = ''] = byOld.split('\n\n');
    const signed = Buffer.from(line.trim().split(' ')[2] ?? '', 'base64');
    const swapped = Buffer.concat([Buffer.from(verifierKey(name, other).split('+')[1] ?? '', 'hex'), signed.subarray(4)]).toString('base64');
    expect(openCheckpoint(`${body}\n\n\u2014 ${name} ${swapped}\n`, ring)).toMatchObject({ ok: false, reason: expect.stringContaining('signed by another key') });
  });
});
