import { byCatalogOrder } from '../domain/field-catalog';
import { DisclosedField } from './disclosure-record';
import { LedgerEntry } from './ledger.chain';

/** One disclosure as a member's access request shows it. */
export interface ReportedDisclosure {
  seq: number;
  /** The entry's hash: its Merkle leaf is SHA-256(0x00 || these 32 bytes). */
  hash: string;
  /**
   * What became of it: an outbound message is recorded when its first send attempt starts, so it stays in
   * the report if it was then delivered, died (the partner got bytes but never took it), was discarded,
   * or is still under way ('pending'); an answer to a partner's question is 'answered'.
   */
  outcome?: DisclosureOutcome;
  /** How to check, without the gateway, that this entry is in the signed checkpoint the report carries. */
  inclusion?: InclusionProof | null;
  at: string;
  partner: string;
  purpose: string;
  policyVersion: number;
  policyHash: string;
  agreementReference: string;
  fields: DisclosedField[];
  exchangeId: string | null;
}

export type DisclosureOutcome = 'delivered' | 'dead' | 'discarded' | 'pending' | 'answered';

/** Per recipient: how often, over which period, for which purposes, which fields, under which agreements. */
export interface RecipientSummary {
  partner: string;
  disclosures: number;
  firstAt: string;
  lastAt: string;
  purposes: string[];
  /** The paths that left, in the catalog's order. */
  fields: string[];
  /** The same paths with how each left (copy, initials, age-band, pseudonym, …; several when it varied). */
  disclosed: Array<{ path: string; transforms: string[] }>;
  agreementReferences: string[];
}

/** RFC 9162 inclusion proof of one entry in the tree of a signed checkpoint. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  /** Base64 nodes of the audit path. */
  auditPath: string[];
}

export interface DisclosureReport {
  memberId: string;
  generatedAt: string;
  /** The signed checkpoint the entries were checked against (entries after it have no proof yet). */
  checkpoint?: { treeSize: number; rootHash: string; note: string; verifierKey: string } | null;
  total: number;
  recipients: RecipientSummary[];
  disclosures: ReportedDisclosure[];
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function fieldsOf(entries: readonly LedgerEntry[]): { fields: string[]; disclosed: Array<{ path: string; transforms: string[] }> } {
  const transforms = new Map<string, Set<string>>();
  for (const field of entries.flatMap((e) => e.fields)) transforms.set(field.path, (transforms.get(field.path) ?? new Set()).add(field.transform));
  const disclosed = byCatalogOrder(
    [...transforms].map(([path, used]) => ({ path, transforms: [...used].sort() })),
    (entry) => entry.path,
  );
  return { fields: disclosed.map((entry) => entry.path), disclosed };
}

/** Builds the report from the member's ledger entries (any order; the report is chronological). */
export function buildDisclosureReport(memberId: string, entries: readonly LedgerEntry[], generatedAt: Date, outcomes: ReadonlyMap<string, DisclosureOutcome> = new Map()): DisclosureReport {
  const chronological = [...entries].sort((a, b) => a.seq - b.seq);
  const byPartner = new Map<string, LedgerEntry[]>();
  for (const entry of chronological) byPartner.set(entry.partner, [...(byPartner.get(entry.partner) ?? []), entry]);
  const recipients = [...byPartner.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([partner, list]): RecipientSummary => ({
      partner,
      disclosures: list.length,
      firstAt: list[0]?.recordedAt ?? '',
      lastAt: list[list.length - 1]?.recordedAt ?? '',
      purposes: sortedUnique(list.map((e) => e.purpose)),
      ...fieldsOf(list),
      agreementReferences: sortedUnique(list.map((e) => e.agreementReference)),
    }));
  return {
    memberId,
    generatedAt: generatedAt.toISOString(),
    total: chronological.length,
    recipients,
    disclosures: chronological.map((e) => ({
      seq: e.seq,
      hash: e.hash,
      at: e.recordedAt,
      partner: e.partner,
      purpose: e.purpose,
      policyVersion: e.policyVersion,
      policyHash: e.policyHash,
      agreementReference: e.agreementReference,
      fields: e.fields,
      exchangeId: e.exchangeId,
      outcome: e.exchangeId === null ? 'answered' : (outcomes.get(e.exchangeId) ?? 'pending'),
    })),
  };
}
