import { canonicalJson } from '../domain/canonical-json';
import { DisclosureEntity } from './disclosure.entity';
import { DisclosedField } from './disclosure-record';
import { LedgerEntry } from './ledger.chain';

function parseFields(text: string): DisclosedField[] {
  // A row altered by hand may hold anything; keep what parses so the hash check can name the row.
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as DisclosedField[]) : [];
  } catch {
    return [];
  }
}

export function toLedgerEntry(row: DisclosureEntity): LedgerEntry {
  return {
    seq: Number(row.seq),
    prevHash: row.prevHash,
    hash: row.hash,
    recordedAt: row.recordedAt,
    memberId: row.memberId,
    partner: row.partner,
    purpose: row.purpose,
    policyVersion: Number(row.policyVersion),
    policyHash: row.policyHash,
    agreementReference: row.agreementReference,
    fields: parseFields(row.fields),
    exchangeId: row.exchangeId ?? null,
    ...(row.redactedAt !== null && row.redactedAt !== undefined ? { redacted: true } : {}),
  };
}

export function toDisclosureEntity(entry: LedgerEntry): DisclosureEntity {
  const row = new DisclosureEntity();
  row.seq = entry.seq;
  row.prevHash = entry.prevHash;
  row.hash = entry.hash;
  row.recordedAt = entry.recordedAt;
  row.memberId = entry.memberId;
  row.partner = entry.partner;
  row.purpose = entry.purpose;
  row.policyVersion = entry.policyVersion;
  row.policyHash = entry.policyHash;
  row.agreementReference = entry.agreementReference;
  row.fields = canonicalJson(entry.fields);
  row.exchangeId = entry.exchangeId;
  row.redactedAt = null;
  return row;
}
