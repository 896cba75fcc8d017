import { DisclosedField } from './disclosure-record';
import { LedgerEntry } from './ledger.chain';

/** One disclosure as a member's access request shows it. */
export interface ReportedDisclosure {
  seq: number;
  at: string;
  partner: string;
  purpose: string;
  policyVersion: number;
  policyHash: string;
  agreementReference: string;
  fields: DisclosedField[];
  exchangeId: string | null;
}

/** Per recipient: how often, over which period, for which purposes, which fields, under which agreements. */
export interface RecipientSummary {
  partner: string;
  disclosures: number;
  firstAt: string;
  lastAt: string;
  purposes: string[];
  fields: string[];
  agreementReferences: string[];
}

export interface DisclosureReport {
  memberId: string;
  generatedAt: string;
  total: number;
  recipients: RecipientSummary[];
  disclosures: ReportedDisclosure[];
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Builds the report from the member's ledger entries (any order; the report is chronological). */
export function buildDisclosureReport(memberId: string, entries: readonly LedgerEntry[], generatedAt: Date): DisclosureReport {
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
      fields: sortedUnique(list.flatMap((e) => e.fields.map((f) => f.path))),
      agreementReferences: sortedUnique(list.map((e) => e.agreementReference)),
    }));
  return {
    memberId,
    generatedAt: generatedAt.toISOString(),
    total: chronological.length,
    recipients,
    disclosures: chronological.map((e) => ({
      seq: e.seq,
      at: e.recordedAt,
      partner: e.partner,
      purpose: e.purpose,
      policyVersion: e.policyVersion,
      policyHash: e.policyHash,
      agreementReference: e.agreementReference,
      fields: e.fields,
      exchangeId: e.exchangeId,
    })),
  };
}
