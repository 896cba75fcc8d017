import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { EMPTY_ROOT, leafHash, MerkleTree, nodeHash, verifyConsistency, verifyInclusion } from './merkle-tree';

const entry = (i: number): string => createHash('sha256').update(`entry ${i}`).digest('hex');
const entries = (n: number): string[] => Array.from({ length: n }, (_, i) => entry(i));

/** RFC 6962's MTH written out literally, as the reference. */
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('the ledger as an RFC 6962 Merkle tree', () => {
  it('hashes leaves and nodes with their domain prefixes, and an empty tree as SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const hash = entry(0);
    expect(leafHash(hash).toString('hex')).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(hash, 'hex')])).digest('hex'));
    expect(MerkleTree.fromEntryHashes([hash]).root()).toEqual(leafHash(hash));
  });

  it('computes the root of every prefix as RFC 6962 defines it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70 }), (n) => {
        const tree = MerkleTree.fromEntryHashes(entries(n));
        const leaves = entries(n).map(leafHash);
        for (let m = 0; m <= n; m++) expect(tree.root(m)).toEqual(mth(leaves.slice(0, m)));
      }),
      { numRuns: 40 },
    );
  });

  it('gives inclusion proofs that verify for every leaf, and fail for another leaf, index, size or root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), (n, pick) => {
        const tree = MerkleTree.fromEntryHashes(entries(n));
        const size = 1 + (pick % n);
        const index = pick % size;
        const proof = tree.inclusionProof(index, size);
        const leaf = leafHash(entry(index));
        expect(verifyInclusion(leaf, index, size, proof, tree.root(size))).toBe(true);
        expect(verifyInclusion(leafHash(entry(index + 1000)), index, size, proof, tree.root(size))).toBe(false);
        if (size > 1) expect(verifyInclusion(leaf, (index + 1) % size, size, proof, tree.root(size))).toBe(false);
        expect(verifyInclusion(leaf, index, size, proof, EMPTY_ROOT)).toBe(false);
      }),
    );
  });

  it('gives consistency proofs that verify between any two sizes, and fail when the old tree was changed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (n, a, b) => {
        const tree = MerkleTree.fromEntryHashes(entries(n));
        const size = 1 + (a % n);
        const oldSize = 1 + (b % size);
        const proof = tree.consistencyProof(oldSize, size);
        expect(verifyConsistency(oldSize, size, tree.root(oldSize), tree.root(size), proof)).toBe(true);
        // The old tree as a database writer rewrote it: one entry changed.
        const rewritten = entries(n);
        rewritten[b % oldSize] = entry(5000);
        const forged = MerkleTree.fromEntryHashes(rewritten);
        if (oldSize < size) expect(verifyConsistency(oldSize, size, tree.root(oldSize), forged.root(size), forged.consistencyProof(oldSize, size))).toBe(false);
        expect(forged.root(oldSize).equals(tree.root(oldSize))).toBe(false);
      }),
    );
  });
});
