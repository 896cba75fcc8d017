import { DataSource, MoreThan } from 'typeorm';
import { DisclosureEntity } from './disclosure.entity';
import { MerkleTree } from './merkle-tree';

const PAGE = 10_000;

/** The Merkle tree over the ledger as the database holds it now: one leaf per entry, in seq order. */
export async function ledgerTree(dataSource: DataSource): Promise<MerkleTree> {
  const hashes: string[] = [];
  let after = 0;
  for (;;) {
    const page = await dataSource.manager.find(DisclosureEntity, { select: { seq: true, hash: true }, where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: PAGE });
    for (const row of page) hashes.push(row.hash);
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE) break;
    after = Number(last.seq);
  }
  return MerkleTree.fromEntryHashes(hashes);
}
