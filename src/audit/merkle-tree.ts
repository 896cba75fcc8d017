import { createHash } from 'node:crypto';

/**
 * The ledger as a Merkle tree in the way of certificate transparency (RFC 6962, RFC 9162 §2.1): a leaf
 * is SHA-256(0x00 || entry), an inner node SHA-256(0x01 || left || right), and a tree of n leaves
 * splits at the largest power of two below n. Inclusion proofs show that an entry is in a tree of a given
 * size and root; consistency proofs show that a tree of size n extends one of size m unchanged.
 *
 * Built from all leaves at once and kept as one contiguous buffer per level (32 bytes a node), so a tree
 * of a million entries is 64 MB and any range hash is a few lookups.
 */
const HASH_BYTES = 32;

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The leaf hash of one ledger entry: over the entry's own hash (hex), so content can go while the leaf stays. */
export function leafHash(entryHashHex: string): Buffer {
  return sha256(LEAF, Buffer.from(entryHashHex, 'hex'));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE, left, right);
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256();

/** The largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export class MerkleTree {
  /** levels[0] holds the leaves; levels[k] the complete, aligned subtrees of 2^k leaves. */
  private readonly levels: Buffer[];

  constructor(readonly size: number, leaves: Buffer) {
    if (leaves.length !== size * HASH_BYTES) throw new Error('MerkleTree: the leaves do not fill the size');
    this.levels = [leaves];
    for (let width = size; width > 1; width = Math.floor(width / 2)) {
      const below = this.levels[this.levels.length - 1] as Buffer;
      const nodes = Math.floor(width / 2);
      const level = Buffer.allocUnsafe(nodes * HASH_BYTES);
      for (let i = 0; i < nodes; i++) {
        nodeHash(below.subarray(2 * i * HASH_BYTES, (2 * i + 1) * HASH_BYTES), below.subarray((2 * i + 1) * HASH_BYTES, (2 * i + 2) * HASH_BYTES)).copy(level, i * HASH_BYTES);
      }
      this.levels.push(level);
    }
  }

  /** From entry hashes (hex) in ledger order. */
  static fromEntryHashes(hashes: readonly string[]): MerkleTree {
    const leaves = Buffer.allocUnsafe(hashes.length * HASH_BYTES);
    hashes.forEach((hash, i) => leafHash(hash).copy(leaves, i * HASH_BYTES));
    return new MerkleTree(hashes.length, leaves);
  }

  /** The root of the first `size` leaves (the tree as it was at that size); the whole tree by default. */
  root(size = this.size): Buffer {
    if (size < 0 || size > this.size) throw new RangeError(`no tree of size ${size} within ${this.size} leaves`);
    return size === 0 ? EMPTY_ROOT : this.range(0, size);
  }

  /** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1). */
  inclusionProof(index: number, size = this.size): Buffer[] {
    if (index < 0 || index >= size || size > this.size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
    return this.path(index, 0, size);
  }

  /** The proof that the first `size` leaves extend the first `oldSize` unchanged (RFC 9162 §2.1.4.1). */
  consistencyProof(oldSize: number, size = this.size): Buffer[] {
    if (oldSize < 0 || oldSize > size || size > this.size) throw new RangeError(`no consistency from ${oldSize} to ${size}`);
    if (oldSize === 0 || oldSize === size) return [];
    return this.subproof(oldSize, 0, size, true);
  }

  /** MTH(D[start:end]). */
  private range(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 1) return this.node(0, start);
    // A complete, aligned subtree is stored as it is.
    const level = Math.log2(n);
    if (Number.isInteger(level) && start % n === 0) return this.node(level, start / n);
    const k = splitPoint(n);
    return nodeHash(this.range(start, start + k), this.range(start + k, end));
  }

  private node(level: number, index: number): Buffer {
    return (this.levels[level] as Buffer).subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  private path(index: number, start: number, end: number): Buffer[] {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    return index < start + k ? [...this.path(index, start, start + k), this.range(start + k, end)] : [...this.path(index, start + k, end), this.range(start, start + k)];
  }

  private subproof(m: number, start: number, end: number, complete: boolean): Buffer[] {
    const n = end - start;
    if (m === n) return complete ? [] : [this.range(start, end)];
    const k = splitPoint(n);
    return m <= k ? [...this.subproof(m, start, start + k, complete), this.range(start + k, end)] : [...this.subproof(m - k, start + k, end, false), this.range(start, start + k)];
  }
}

/** Checks an inclusion proof without the tree (RFC 9162 §2.1.3.2): what an auditor does with a report and a checkpoint. */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** Checks a consistency proof without the tree (RFC 9162 §2.1.4.2). */
export function verifyConsistency(oldSize: number, size: number, oldRoot: Uint8Array, root: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (oldSize > size) return false;
  if (oldSize === size) return proof.length === 0 && Buffer.from(oldRoot).equals(Buffer.from(root));
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = [...proof];
  if (Number.isInteger(Math.log2(oldSize))) path.unshift(oldRoot);
  let fn = oldSize - 1;
  let sn = size - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [first, ...rest] = path;
  if (first === undefined) return false;
  let fr: Buffer = Buffer.from(first);
  let sr: Buffer = Buffer.from(first);
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(Buffer.from(oldRoot)) && sr.equals(Buffer.from(root)) && sn === 0;
}
